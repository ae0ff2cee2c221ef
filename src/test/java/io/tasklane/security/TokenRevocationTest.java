package io.tasklane.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.support.ConfigDefaults;
import io.tasklane.system.ProblemException;
import jakarta.json.Json;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenRevocationTest {
  @Test
  void a_built_in_token_counts_only_with_its_accounts_current_generation_while_enabled() {
    AccountState current = new AccountState(true, 3);
    assertTrue(TokenRevocation.counts(3L, current, true));
    assertFalse(TokenRevocation.counts(2L, current, true), "an earlier generation");
    assertFalse(TokenRevocation.counts(3L, new AccountState(false, 3), true), "disabled");
    assertFalse(TokenRevocation.counts(0L, AccountState.NONE, true), "no such account");
    assertFalse(TokenRevocation.counts(Long.MIN_VALUE, current, true), "a malformed claim");
  }

  @Test
  void a_token_without_a_generation_counts_only_when_an_external_issuer_is_configured() {
    assertFalse(TokenRevocation.counts(null, null, true), "built-in issuer: issued before it");
    assertTrue(TokenRevocation.counts(null, null, false), "external issuer: no local account");
  }

  @Test
  void the_claim_is_read_as_mp_jwt_and_nimbus_hand_it_over() {
    assertNull(TokenRevocation.generation(null));
    assertEquals(7L, TokenRevocation.generation(7L));
    assertEquals(7L, TokenRevocation.generation(7));
    assertEquals(7L, TokenRevocation.generation(Json.createValue(7L)));
    assertEquals(Long.MIN_VALUE, TokenRevocation.generation(Json.createValue(7.5)));
    assertEquals(Long.MIN_VALUE, TokenRevocation.generation(7.5));
    assertEquals(Long.MIN_VALUE, TokenRevocation.generation("7"), "a string is not ours");
  }

  @Test
  void a_revoked_token_is_refused_with_401_and_a_way_forward() {
    Map<String, AccountState> database = new HashMap<>(Map.of("alice", new AccountState(true, 1)));
    TokenRevocation revocation = revocation(database, true);
    revocation.check("alice", 1L);
    ProblemException stale =
        assertThrows(ProblemException.class, () -> revocation.check("alice", 0L));
    assertEquals(401, stale.status());
    assertTrue(stale.getMessage().contains("Sign in again"), stale.getMessage());
    ProblemException none =
        assertThrows(ProblemException.class, () -> revocation.check("alice", null));
    assertTrue(none.getMessage().contains("token_generation"), none.getMessage());
  }

  @Test
  void this_instances_own_change_takes_effect_at_once() {
    Map<String, AccountState> database = new HashMap<>(Map.of("alice", new AccountState(true, 1)));
    TokenRevocation revocation = revocation(database, true);
    assertTrue(revocation.counts("alice", 1L));
    database.put("alice", new AccountState(false, 2));
    revocation.changed(new AccountChanged("alice", new AccountState(false, 2)));
    assertFalse(revocation.counts("alice", 1L));
  }

  static TokenRevocation revocation(Map<String, AccountState> database, boolean builtIn) {
    TokenRevocation revocation = new TokenRevocation();
    revocation.accounts =
        new UserAccounts() {
          @Override
          public Map<String, AccountState> states(java.util.Collection<String> names) {
            Map<String, AccountState> found = new HashMap<>();
            names.stream()
                .filter(database::containsKey)
                .forEach(n -> found.put(n, database.get(n)));
            return found;
          }
        };
    revocation.clock = Clock.systemUTC();
    revocation.config = ConfigDefaults.of(AuthConfig.class);
    revocation.config.builtInIssuer = builtIn;
    revocation.config.accountCacheMs = 60_000;
    revocation.prepare();
    return revocation;
  }
}
