package io.tasklane.quantconnect;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;

/**
 * QuantConnect's request signature: {@code Timestamp: <unix seconds>} and Basic auth of {@code
 * userId:sha256hex("<apiToken>:<timestamp>")}, computed afresh for every request because the hash
 * goes stale.
 */
public final class QuantConnectAuthentication implements ClientRequestFilter {
  private final String userId;
  private final String apiToken;
  private final Clock clock;

  public QuantConnectAuthentication(String userId, String apiToken, Clock clock) {
    this.userId = userId;
    this.apiToken = apiToken;
    this.clock = clock;
  }

  @Override
  public void filter(ClientRequestContext request) {
    long timestamp = clock.instant().getEpochSecond();
    request.getHeaders().putSingle("Timestamp", String.valueOf(timestamp));
    request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, header(userId, apiToken, timestamp));
  }

  public static String header(String userId, String apiToken, long timestamp) {
    String credentials = userId + ":" + hash(apiToken, timestamp);
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  /** Lower-case hex SHA-256 of {@code "<apiToken>:<timestamp>"}. */
  public static String hash(String apiToken, long timestamp) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((apiToken + ":" + timestamp).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
