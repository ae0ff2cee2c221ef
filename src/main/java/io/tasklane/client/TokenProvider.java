package io.tasklane.client;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A bearer token, signed in for on first use and renewed before it expires: at {@link
 * #RENEW_AT_FRACTION} of the life the token answer gave ({@code expires_in}), so a request never
 * carries a token about to lapse. Thread-safe: concurrent callers share one sign-in.
 */
public final class TokenProvider implements Supplier<String> {
  /** Renew once this fraction of a token's life has passed. */
  public static final double RENEW_AT_FRACTION = 0.8;

  private final Supplier<AuthApi.TokenResponse> signIn;
  private final Clock clock;
  private String token;
  private Instant renewAt = Instant.MIN;

  TokenProvider(Supplier<AuthApi.TokenResponse> signIn, Clock clock) {
    this.signIn = signIn;
    this.clock = clock;
  }

  /** Signs in through {@code auth} with the given account whenever a token is due. */
  public static TokenProvider signingIn(AuthApi auth, String username, String password) {
    return signingIn(auth, username, password, Clock.systemUTC());
  }

  public static TokenProvider signingIn(
      AuthApi auth, String username, String password, Clock clock) {
    AuthApi.Credentials credentials = new AuthApi.Credentials(username, password);
    return new TokenProvider(() -> auth.token(credentials), clock);
  }

  /** A token obtained elsewhere (an external issuer), used as it is and never renewed. */
  public static TokenProvider fixed(String token) {
    return new TokenProvider(
        () -> new AuthApi.TokenResponse(token, "Bearer", 0, null), Clock.systemUTC());
  }

  /** The current token, signing in first when there is none or it is due for renewal. */
  @Override
  public synchronized String get() {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(renewAt)) {
      AuthApi.TokenResponse fresh = signIn.get();
      token = fresh.accessToken();
      // No expiry given (0): kept until invalidated.
      renewAt =
          fresh.expiresIn() <= 0
              ? Instant.MAX
              : now.plusMillis((long) (fresh.expiresIn() * 1000 * RENEW_AT_FRACTION));
    }
    return token;
  }

  /**
   * Forgets the token, so the next {@link #get()} signs in again: for a token the server stopped
   * honouring (a password change, an admin's sign-out) before its time.
   */
  public synchronized void invalidate() {
    token = null;
  }
}
