package io.tasklane.security;

import jakarta.enterprise.context.Dependent;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code tasklane.auth.*}: the built-in token issuer, account caching and password hashing. {@code
 * issuer}'s default stays in microprofile-config.properties: {@code mp.jwt.verify.issuer} there is
 * {@code ${tasklane.auth.issuer}}.
 */
@Dependent
@ConfigProperties(prefix = "tasklane.auth")
public class AuthConfig {
  @ConfigProperty(name = "issuer")
  public String issuer;

  @ConfigProperty(name = "built-in-issuer", defaultValue = "true")
  public boolean builtInIssuer;

  @ConfigProperty(name = "token-lifetime-seconds", defaultValue = "3600")
  public long tokenLifetimeSeconds;

  /** Unset: jwt-private.pem in the data directory. */
  @ConfigProperty(name = "private-key-location")
  public Optional<String> privateKeyLocation = Optional.empty();

  /**
   * A token counts while its account is enabled and its token generation unchanged; account states
   * are cached this long, so a change made on another instance takes effect within it.
   */
  @ConfigProperty(name = "account-cache-ms", defaultValue = "2000")
  public long accountCacheMs;

  /** PBKDF2 threads; unset: half the cores, 1 to 2. */
  @ConfigProperty(name = "hash-threads")
  public Optional<Integer> hashThreads = Optional.empty();

  /** Password checks waiting for a hashing thread at most; beyond that, 503. */
  @ConfigProperty(name = "hash-queue", defaultValue = "32")
  public int hashQueue;
}
