package io.tasklane.security;

import io.tasklane.system.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Whether a validly signed token still counts. The built-in issuer puts its account's token
 * generation in every token ({@value #CLAIM}); the token counts while the account is enabled and
 * its generation unchanged. The state comes from the database through a cache of {@code
 * tasklane.auth.account-cache-ms}, so instances sharing a database see each other's changes within
 * that time, and this instance's own changes at once.
 *
 * <p>Tokens of an external issuer ({@code tasklane.auth.built-in-issuer=false}) carry no generation
 * and name no local account: they count until they expire, and revoking them is the issuer's
 * business. With the built-in issuer on, a token without the claim (issued before this version)
 * does not count.
 */
@ApplicationScoped
public class TokenRevocation {
  public static final String CLAIM = "token_generation";

  static final String REVOKED =
      "The token no longer counts: its account was disabled, its password changed, or it was"
          + " signed out everywhere. Sign in again with POST /api/auth/token.";
  static final String NO_GENERATION =
      "The token carries no "
          + CLAIM
          + " (issued before revocation existed): sign in again"
          + " with POST /api/auth/token.";

  @Inject UserAccounts accounts;
  @Inject Clock clock;

  @Inject @ConfigProperties AuthConfig config;

  private AccountStateCache cache;

  @PostConstruct
  void prepare() {
    cache =
        new AccountStateCache(clock, Duration.ofMillis(config.accountCacheMs), accounts::states);
  }

  /** Refuses with 401 a token that no longer counts. */
  public void check(String username, Long generation) {
    if (generation == null && config.builtInIssuer) {
      throw new ProblemException.Unauthorized(NO_GENERATION);
    }
    if (!counts(username, generation)) {
      throw new ProblemException.Unauthorized(REVOKED);
    }
  }

  /** Whether a token of {@code username} carrying {@code generation} (null: none) counts now. */
  public boolean counts(String username, Long generation) {
    if (generation == null) {
      return counts(null, null, config.builtInIssuer);
    }
    return counts(generation, cache.get(username), config.builtInIssuer);
  }

  /** As {@link #counts(String, Long)}, against a state the caller already has. */
  public boolean counts(Long generation, AccountState account) {
    return counts(generation, account, config.builtInIssuer);
  }

  /** Reads the states of these accounts at once where the cached ones are stale (heartbeats). */
  public void refresh(Collection<String> usernames) {
    cache.refresh(usernames);
  }

  /** The rule itself. {@code account} is null only when the token has no generation. */
  static boolean counts(Long generation, AccountState account, boolean builtInIssuer) {
    if (generation == null) {
      return !builtInIssuer; // an external issuer's token: no local account to consult
    }
    return account != null && account.enabled() && account.tokenGeneration() == generation;
  }

  /**
   * The generation claim as MicroProfile JWT ({@link JsonNumber}) or Nimbus ({@link Number}) hands
   * it over; null when absent; a value no account ever has when it is not a whole number (our
   * tokens carry a JSON number).
   */
  public static Long generation(Object claim) {
    if (claim == null) {
      return null;
    }
    try {
      if (claim instanceof JsonNumber number) {
        return number.longValueExact();
      }
      if (claim instanceof Number number) {
        return number.doubleValue() == number.longValue() ? number.longValue() : Long.MIN_VALUE;
      }
    } catch (ArithmeticException e) {
      // a fraction or out of range: below
    }
    return Long.MIN_VALUE;
  }

  /** This instance's own change: known at once, without waiting for the cache to expire. */
  void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountChanged change) {
    cache.put(change.username(), change.state());
  }
}
