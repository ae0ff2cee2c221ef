package io.tasklane.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tasklane.system.ProblemException;
import io.tasklane.system.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Verifies a bearer token in application code, with the key and issuer MicroProfile JWT uses
 * ({@code mp.jwt.verify.publickey.location}, {@code mp.jwt.verify.issuer}): RS256 signature,
 * issuer, expiry and a role in {@code groups}. Needed where the container cannot authenticate: the
 * SSE stream takes its token from {@code ?token=} because browsers' EventSource sends no headers
 * (see STACK.md); the stream's header tokens go through here too, so both paths apply one rule. A
 * token that verifies must also still count ({@link TokenRevocation}). Failure messages never
 * contain the token.
 */
@ApplicationScoped
public class BearerTokenVerifier {
  /** A key set that did not know a token's key is re-read at most this often (key rotation). */
  private static final Duration RELOAD_AFTER = Duration.ofSeconds(30);

  static final String REQUIRED =
      "A valid token is required: send 'Authorization: Bearer <token>' or '?token=<token>' with a"
          + " token from POST /api/auth/token.";

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.publickey.location")
  Optional<String> keyLocation;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.publickey")
  Optional<String> inlineKey;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.issuer")
  String issuer;

  @Inject Clock clock;
  @Inject TokenRevocation revocation;

  private volatile JWKSet keys;
  private volatile Instant keysReadAt = Instant.EPOCH;

  public VerifiedToken verify(String token) {
    if (token == null || token.isBlank()) {
      throw new ProblemException.Unauthorized(REQUIRED);
    }
    Instant now = Instant.now(clock);
    VerifiedToken verified = signedAndCurrent(token, now);
    revocation.check(verified.caller().name(), verified.tokenGeneration());
    return verified;
  }

  private VerifiedToken signedAndCurrent(String token, Instant now) {
    JWKSet current = keys(now, false);
    try {
      return verify(token, current, issuer, now);
    } catch (UnknownKey e) {
      // Signed by a key we have not read yet (the issuer rotated its keys): read them once more.
      if (Duration.between(keysReadAt, now).compareTo(RELOAD_AFTER) >= 0) {
        return verify(token, keys(now, true), issuer, now);
      }
      throw e;
    }
  }

  /** The verification itself, pure: the keys, the accepted issuer and the time are given. */
  static VerifiedToken verify(String token, JWKSet keys, String issuer, Instant now) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw unauthorized("the token is not a signed JWT");
    }
    if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
      throw unauthorized("the token must be signed with RS256");
    }
    if (!verifiedByAny(jwt, candidates(keys, jwt.getHeader().getKeyID()))) {
      throw new UnknownKey();
    }
    if (!Objects.equals(issuer, claims.getIssuer())) {
      throw unauthorized("the token's issuer is not accepted");
    }
    if (claims.getExpirationTime() == null
        || !now.isBefore(claims.getExpirationTime().toInstant())) {
      throw unauthorized("the token has expired");
    }
    String name = name(claims);
    List<String> groups = groups(claims);
    if (name == null || groups.stream().noneMatch(Roles.ALL::contains)) {
      throw unauthorized("the token names no user with a role of this service");
    }
    return new VerifiedToken(
        new Caller(name, groups.contains(Roles.ADMIN)),
        claims.getExpirationTime().toInstant(),
        TokenRevocation.generation(claims.getClaim(TokenRevocation.CLAIM)));
  }

  /**
   * As MicroProfile JWT names the caller: {@code upn}, then {@code preferred_username}, {@code
   * sub}.
   */
  private static String name(JWTClaimsSet claims) {
    for (String claim : List.of("upn", "preferred_username", "sub")) {
      Object value = claims.getClaim(claim);
      if (value instanceof String text && !text.isBlank()) {
        return text;
      }
    }
    return null;
  }

  private static List<String> groups(JWTClaimsSet claims) {
    try {
      List<String> groups = claims.getStringListClaim("groups");
      return groups == null ? List.of() : groups;
    } catch (ParseException e) {
      return List.of();
    }
  }

  /** Keys named by the token's {@code kid} first, then keys without an id (a plain PEM key). */
  private static List<RSAKey> candidates(JWKSet keys, String keyId) {
    List<RSAKey> named = new ArrayList<>();
    List<RSAKey> unnamed = new ArrayList<>();
    for (JWK key : keys.getKeys()) {
      if (key instanceof RSAKey rsa) {
        if (rsa.getKeyID() == null) {
          unnamed.add(rsa);
        } else if (keyId == null || rsa.getKeyID().equals(keyId)) {
          named.add(rsa);
        }
      }
    }
    named.addAll(unnamed);
    return named;
  }

  private static boolean verifiedByAny(SignedJWT jwt, List<RSAKey> keys) {
    for (RSAKey key : keys) {
      try {
        if (jwt.verify(new RSASSAVerifier(key))) {
          return true;
        }
      } catch (JOSEException e) {
        // not this key
      }
    }
    return false;
  }

  private JWKSet keys(Instant now, boolean reload) {
    JWKSet current = keys;
    if (current == null || reload) {
      synchronized (this) {
        if (keys == null || reload) {
          keys = readKeys();
          keysReadAt = now;
        }
        current = keys;
      }
    }
    return current;
  }

  /** Read lazily: the built-in issuer writes its public key at start-up, before any request. */
  private JWKSet readKeys() {
    try {
      String text;
      if (inlineKey.isPresent() && !inlineKey.get().isBlank()) {
        text = inlineKey.get();
      } else {
        String location =
            keyLocation.orElseThrow(
                () -> new IllegalStateException("mp.jwt.verify.publickey.location is not set"));
        text = read(location);
      }
      return parseKeys(text);
    } catch (IOException | ParseException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot read the token verification key: " + e, e);
    }
  }

  private static String read(String location) throws IOException {
    if (!location.contains(":") || location.startsWith("/")) {
      return Files.readString(Path.of(location), StandardCharsets.UTF_8);
    }
    try (InputStream in = URI.create(location).toURL().openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A PEM public key, a JWKS document or a single JWK. */
  static JWKSet parseKeys(String text) throws ParseException, GeneralSecurityException {
    String trimmed = text.trim();
    if (trimmed.startsWith("-----BEGIN PUBLIC KEY-----")) {
      byte[] der =
          Base64.getDecoder()
              .decode(trimmed.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
      RSAPublicKey key =
          (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
      return new JWKSet(new RSAKey.Builder(key).build());
    }
    if (trimmed.contains("\"keys\"")) {
      return JWKSet.parse(trimmed);
    }
    return new JWKSet(JWK.parse(trimmed));
  }

  private static ProblemException.Unauthorized unauthorized(String why) {
    return new ProblemException.Unauthorized(REQUIRED + " Rejected: " + why + ".");
  }

  /** No known key verifies the signature (possibly a key not read yet). */
  static final class UnknownKey extends ProblemException.Unauthorized {
    UnknownKey() {
      super(REQUIRED + " Rejected: the token is not signed by a trusted issuer.");
    }
  }
}
