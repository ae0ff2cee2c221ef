package io.tasklane.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.CredentialValidationResult.Status;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {
  final LoginThrottleTest.ManualClock clock = new LoginThrottleTest.ManualClock();
  final VerifiedTokenCache cache = new VerifiedTokenCache(clock, Optional.empty());

  /** Payara's credential, as its mechanism builds it: the token behind {@code getSignedJWT()}. */
  public static final class SignedCredential implements Credential {
    private final String token;

    public SignedCredential(String token) {
      this.token = token;
    }

    public String getSignedJWT() {
      return token;
    }
  }

  /** Payara's token is a caller principal too. */
  static final class Token extends CallerPrincipal implements JsonWebToken {
    private final Map<String, Object> claims;

    Token(Map<String, Object> claims) {
      super((String) claims.get("upn"));
      this.claims = claims;
    }

    Map<String, Object> claims() {
      return claims;
    }

    @Override
    public Set<String> getClaimNames() {
      return claims.keySet();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String name) {
      return (T) claims.get(name);
    }
  }

  Token token(String raw, String user, Instant issued, Instant expires) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("raw_token", raw);
    claims.put("upn", user);
    claims.put("groups", Set.of("user"));
    claims.put("iat", issued.getEpochSecond());
    claims.put("exp", expires.getEpochSecond());
    claims.put(TokenRevocation.CLAIM, 3L);
    return new Token(claims);
  }

  Token expiringIn(String raw, Duration life) {
    return token(raw, "alice", clock.instant(), clock.instant().plus(life));
  }

  CredentialValidationResult ask(String raw) {
    return cache.validate(new SignedCredential(raw));
  }

  @Test
  void a_remembered_token_is_answered_with_its_principal_and_groups() {
    Token alice = expiringIn("aaa.bbb.ccc", Duration.ofHours(1));
    cache.remember(alice);
    CredentialValidationResult result = ask("aaa.bbb.ccc");
    assertEquals(Status.VALID, result.getStatus());
    assertSame(alice, result.getCallerPrincipal(), "the principal Payara verified, for injection");
    assertEquals(Set.of("user"), result.getCallerGroups());
  }

  @Test
  void the_generation_of_a_remembered_token_is_the_one_read_when_it_was_remembered() {
    Token alice = expiringIn("aaa.bbb.ccc", Duration.ofHours(1));
    assertEquals(3L, cache.generation(alice), "not remembered: read from the token");
    cache.remember(alice);
    alice.claims().put(TokenRevocation.CLAIM, 4L); // Payara's claims never change: shows the read
    assertEquals(3L, cache.generation(alice), "remembered: read once");
    Token copy = expiringIn("aaa.bbb.ccc", Duration.ofHours(1));
    copy.claims().put(TokenRevocation.CLAIM, 5L);
    assertEquals(5L, cache.generation(copy), "another principal of the same text: its own claim");
    Token external = expiringIn("ddd.eee.fff", Duration.ofHours(1));
    external.claims().remove(TokenRevocation.CLAIM);
    cache.remember(external);
    assertNull(cache.generation(external), "an external issuer's token has none");
  }

  @Test
  void a_token_not_remembered_character_for_character_is_left_to_payara() {
    cache.remember(expiringIn("aaa.bbb.ccc", Duration.ofHours(1)));
    assertEquals(Status.NOT_VALIDATED, ask("aaa.bbb.ccd").getStatus(), "another signature");
    assertEquals(Status.NOT_VALIDATED, ask("aaa.bbb.cc").getStatus());
    assertEquals(Status.NOT_VALIDATED, ask("x.y.z").getStatus());
  }

  @Test
  void a_token_stops_counting_here_at_its_expiry() {
    cache.remember(expiringIn("aaa.bbb.ccc", Duration.ofSeconds(30)));
    clock.advance(Duration.ofSeconds(29));
    assertEquals(Status.VALID, ask("aaa.bbb.ccc").getStatus());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(Status.NOT_VALIDATED, ask("aaa.bbb.ccc").getStatus(), "at exp: verified anew");
    assertEquals(0, cache.size(), "and forgotten");
  }

  @Test
  void a_long_lived_token_is_verified_in_full_again_after_five_minutes() {
    cache.remember(expiringIn("aaa.bbb.ccc", Duration.ofHours(8)));
    clock.advance(VerifiedTokenCache.LONGEST_STAY.minusSeconds(1));
    assertEquals(Status.VALID, ask("aaa.bbb.ccc").getStatus());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(Status.NOT_VALIDATED, ask("aaa.bbb.ccc").getStatus());
  }

  @Test
  void a_configured_token_age_ends_a_token_here_before_its_expiry() {
    VerifiedTokenCache aged = new VerifiedTokenCache(clock, Optional.of(60L));
    Instant issued = clock.instant().minusSeconds(50);
    aged.remember(token("aaa.bbb.ccc", "alice", issued, clock.instant().plusSeconds(3600)));
    assertEquals(Status.VALID, aged.validate(new SignedCredential("aaa.bbb.ccc")).getStatus());
    clock.advance(Duration.ofSeconds(10));
    assertEquals(
        Status.NOT_VALIDATED, aged.validate(new SignedCredential("aaa.bbb.ccc")).getStatus());
  }

  @Test
  void an_expired_token_is_never_remembered() {
    cache.remember(
        token("aaa.bbb.ccc", "alice", clock.instant().minusSeconds(60), clock.instant()));
    assertEquals(0, cache.size());
    assertEquals(Status.NOT_VALIDATED, ask("aaa.bbb.ccc").getStatus());
  }

  /**
   * The same token behind the interface alone, not Payara's: a token that is not the caller's
   * principal could not stand for the caller.
   */
  static JsonWebToken plain(Token token) {
    return (JsonWebToken)
        Proxy.newProxyInstance(
            JsonWebToken.class.getClassLoader(),
            new Class<?>[] {JsonWebToken.class},
            (proxy, method, arguments) -> method.invoke(token, arguments));
  }

  @Test
  void other_credentials_and_tokens_that_cannot_stand_for_the_caller_are_left_alone() {
    cache.remember(expiringIn("aaa.bbb.ccc", Duration.ofHours(1)));
    assertEquals(
        Status.NOT_VALIDATED,
        cache.validate(new UsernamePasswordCredential("aaa.bbb.ccc", "pw")).getStatus());
    Token rawless = expiringIn("ddd.eee.fff", Duration.ofHours(1));
    rawless.claims().remove("raw_token");
    cache.remember(rawless);
    cache.remember(plain(expiringIn("ggg.hhh.iii", Duration.ofHours(1))));
    assertEquals(1, cache.size());
    assertEquals(Status.NOT_VALIDATED, ask("ggg.hhh.iii").getStatus());
  }

  @Test
  void the_cache_stays_within_its_capacity() {
    for (int i = 0; i <= VerifiedTokenCache.CAPACITY; i++) {
      cache.remember(expiringIn("token-" + i, Duration.ofHours(1)));
    }
    assertEquals(1, cache.size(), "full of current tokens: emptied, then the newest held");
    assertEquals(Status.VALID, ask("token-" + VerifiedTokenCache.CAPACITY).getStatus());
    assertEquals(Status.NOT_VALIDATED, ask("token-0").getStatus());
  }

  @Test
  void a_full_cache_first_drops_what_has_expired() {
    for (int i = 0; i < VerifiedTokenCache.CAPACITY - 1; i++) {
      cache.remember(expiringIn("short-" + i, Duration.ofSeconds(10)));
    }
    cache.remember(expiringIn("long", Duration.ofHours(1)));
    clock.advance(Duration.ofSeconds(10));
    cache.remember(expiringIn("newest", Duration.ofHours(1)));
    assertEquals(2, cache.size());
    assertEquals(Status.VALID, ask("long").getStatus());
    assertEquals(Status.VALID, ask("newest").getStatus());
  }
}
