package io.tasklane.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Answers for a bearer token that MicroProfile JWT has already verified, so that Payara need not
 * parse it, parse its PEM key and check its RSA signature again on every request of the same token
 * (a tenth of a single POST's request threads, BENCHMARKS.md).
 *
 * <p>Asked before Payara's own identity store (a lower priority). A token it does not hold
 * character for character, or holds past its time, it leaves to that store ({@code NOT_VALIDATED}),
 * so each token's first request is verified in full. It holds only tokens a request has already
 * passed with ({@link RevokedTokenFilter} remembers them), and only until the earliest of their
 * {@code exp}, their {@code iat} plus {@code mp.jwt.verify.token.age} when that is set, and five
 * minutes (Payara's own key cache): a token never counts here where it would not count there.
 * Revocation is still checked on every request.
 */
@ApplicationScoped
public class VerifiedTokenCache implements IdentityStore {
  /** Ahead of Payara's store, which keeps the default of 100. */
  static final int PRIORITY = 50;

  static final int CAPACITY = 4096;
  static final Duration LONGEST_STAY = Duration.ofMinutes(5);

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.token.age")
  Optional<Long> tokenAgeSeconds;

  private record Entry(
      CallerPrincipal principal, Set<String> groups, Long generation, Instant until) {}

  public VerifiedTokenCache() {}

  VerifiedTokenCache(Clock clock, Optional<Long> tokenAgeSeconds) {
    this.clock = clock;
    this.tokenAgeSeconds = tokenAgeSeconds;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  @Override
  public CredentialValidationResult validate(Credential credential) {
    String token = bearerToken(credential);
    Entry entry = token == null ? null : entries.get(token);
    if (entry == null) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    if (!Instant.now(clock).isBefore(entry.until())) {
      entries.remove(token, entry);
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    return new CredentialValidationResult(entry.principal(), entry.groups());
  }

  /**
   * Holds {@code token}, which a request has just passed with, for the next requests. Payara's
   * token is also the caller's principal, as the container needs it.
   */
  void remember(JsonWebToken token) {
    String raw = rawToken(token);
    if (!(token instanceof CallerPrincipal principal) || raw == null || entries.containsKey(raw)) {
      return;
    }
    Instant now = Instant.now(clock);
    Instant until = now.plus(LONGEST_STAY);
    until = earliest(until, Instant.ofEpochSecond(token.getExpirationTime()));
    if (tokenAgeSeconds.isPresent()) {
      until =
          earliest(until, Instant.ofEpochSecond(token.getIssuedAtTime() + tokenAgeSeconds.get()));
    }
    if (!now.isBefore(until)) {
      return;
    }
    if (entries.size() >= CAPACITY) {
      entries.values().removeIf(e -> !now.isBefore(e.until()));
      if (entries.size() >= CAPACITY) {
        entries.clear(); // all current: they are verified in full once more, nothing is lost
      }
    }
    Set<String> groups = token.getGroups() == null ? Set.of() : Set.copyOf(token.getGroups());
    entries.put(
        raw,
        new Entry(
            principal,
            groups,
            TokenRevocation.generation(token.getClaim(TokenRevocation.CLAIM)),
            until));
  }

  /**
   * The token's revocation generation ({@link TokenRevocation#CLAIM}); a remembered token's as read
   * when it was remembered: Payara's {@code getClaim} throws and catches an exception for every
   * claim the standard does not name, a fortieth of a request's CPU.
   */
  Long generation(JsonWebToken token) {
    String raw = rawToken(token);
    Entry entry = raw == null ? null : entries.get(raw);
    return entry != null && entry.principal() == token
        ? entry.generation()
        : TokenRevocation.generation(token.getClaim(TokenRevocation.CLAIM));
  }

  int size() {
    return entries.size();
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static String rawToken(JsonWebToken token) {
    Object raw = token.getClaim("raw_token");
    if (raw instanceof JsonString text) {
      return text.getString();
    }
    return raw instanceof String text ? text : null;
  }

  /**
   * The token of Payara's credential ({@code SignedJWTCredential.getSignedJWT()}), read
   * reflectively: the class is Payara's implementation, not on the application's class path. Were
   * it ever to change, nothing is found here and Payara verifies every token, as without this
   * cache.
   */
  private static String bearerToken(Credential credential) {
    Method getter = SIGNED_JWT.get(credential.getClass());
    if (getter == null) {
      return null;
    }
    try {
      return getter.invoke(credential) instanceof String token ? token : null;
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  private static final ClassValue<Method> SIGNED_JWT =
      new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
          try {
            Method getter = type.getMethod("getSignedJWT");
            return getter.getReturnType() == String.class ? getter : null;
          } catch (NoSuchMethodException e) {
            return null;
          }
        }
      };
}
