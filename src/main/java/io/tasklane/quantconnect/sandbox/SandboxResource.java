package io.tasklane.quantconnect.sandbox;

import io.tasklane.quantconnect.QuantConnectApi;
import io.tasklane.quantconnect.QuantConnectAuthentication;
import io.tasklane.quantconnect.QuantConnectSettings;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The sandbox over HTTP, in QuantConnect's own wire format and authentication, so Tasklane's REST
 * client (and any other QuantConnect client) can be pointed at it. Off unless {@code
 * tasklane.quantconnect.sandbox.http-enabled}; it is a test double, not part of the product's API.
 */
@Path("/quantconnect-sandbox/v2")
@RequestScoped
@PermitAll
public class SandboxResource implements QuantConnectApi {
  /** Lean's client treats a signature older than this as stale. */
  private static final long MAX_AGE_SECONDS = 7200;

  @Inject QuantConnectSandbox sandbox;
  @Inject @ConfigProperties QuantConnectSettings settings;
  @Inject Clock clock;
  @Context HttpHeaders headers;

  @Inject @ConfigProperties SandboxConfig config;

  @Override
  public JsonObject authenticate(JsonObject body) {
    return answer(() -> sandbox.authenticate(body));
  }

  @Override
  public JsonObject createCompile(JsonObject body) {
    return answer(() -> sandbox.createCompile(body));
  }

  @Override
  public JsonObject readCompile(JsonObject body) {
    return answer(() -> sandbox.readCompile(body));
  }

  @Override
  public JsonObject createBacktest(JsonObject body) {
    return answer(() -> sandbox.createBacktest(body));
  }

  @Override
  public JsonObject readBacktest(JsonObject body) {
    return answer(() -> sandbox.readBacktest(body));
  }

  @Override
  public JsonObject listBacktests(JsonObject body) {
    return answer(() -> sandbox.listBacktests(body));
  }

  @Override
  public JsonObject deleteBacktest(JsonObject body) {
    return answer(() -> sandbox.deleteBacktest(body));
  }

  @Override
  public JsonObject readNodes(JsonObject body) {
    return answer(() -> sandbox.readNodes(body));
  }

  /** Signed requests reach the sandbox; injected faults become the status they stand for. */
  private JsonObject answer(Supplier<JsonObject> call) {
    if (!signed()) {
      return hashMismatch();
    }
    try {
      return call.get();
    } catch (SandboxFault fault) {
      throw new WebApplicationException(fault.getMessage(), fault.status());
    }
  }

  /** Checks the request's Timestamp and Basic credentials as QuantConnect does. */
  private boolean signed() {
    if (!config.httpEnabled) {
      throw new NotFoundException("The QuantConnect sandbox's HTTP face is switched off");
    }
    long latency = sandbox.takeLatency();
    if (latency > 0) {
      try {
        Thread.sleep(latency);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String userId = config.userId.orElse(settings.userId());
    String token = config.apiToken.orElse(settings.apiToken());
    String timestamp = headers.getHeaderString("Timestamp");
    String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (sandbox.behaviour().rejectCredentials()
        || userId.isBlank()
        || token.isBlank()
        || timestamp == null
        || authorization == null) {
      return false;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(clock.instant().getEpochSecond() - seconds) > MAX_AGE_SECONDS) {
      return false;
    }
    String expected = QuantConnectAuthentication.header(userId, token, seconds);
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), authorization.getBytes(StandardCharsets.UTF_8));
  }

  /** What QuantConnect answers to a bad signature: HTTP 200, success false. */
  private static JsonObject hashMismatch() {
    return Json.createObjectBuilder()
        .add("success", false)
        .add("errors", Json.createArrayBuilder().add("Hash doesn't match."))
        .build();
  }
}
