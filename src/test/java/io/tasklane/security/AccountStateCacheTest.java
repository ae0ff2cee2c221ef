package io.tasklane.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountStateCacheTest {
  final LoginThrottleTest.ManualClock clock = new LoginThrottleTest.ManualClock();
  final Map<String, AccountState> database = new HashMap<>();
  final List<List<String>> reads = new ArrayList<>();
  final AccountStateCache cache = new AccountStateCache(clock, Duration.ofSeconds(2), this::read);

  Map<String, AccountState> read(Collection<String> names) {
    reads.add(List.copyOf(names));
    Map<String, AccountState> found = new HashMap<>();
    names.forEach(
        n -> {
          if (database.containsKey(n)) {
            found.put(n, database.get(n));
          }
        });
    return found;
  }

  @Test
  void a_state_is_read_once_and_read_again_after_the_ttl() {
    database.put("alice", new AccountState(true, 0));
    assertEquals(new AccountState(true, 0), cache.get("alice"));
    database.put("alice", new AccountState(false, 1)); // changed by another instance
    clock.advance(Duration.ofMillis(1999));
    assertEquals(new AccountState(true, 0), cache.get("alice"), "within the ttl: cached");
    clock.advance(Duration.ofMillis(1));
    assertEquals(new AccountState(false, 1), cache.get("alice"), "after it: read again");
    assertEquals(2, reads.size());
  }

  @Test
  void a_name_without_an_account_is_cached_as_none() {
    assertEquals(AccountState.NONE, cache.get("nobody"));
    assertEquals(AccountState.NONE, cache.get("nobody"));
    assertEquals(1, reads.size());
  }

  @Test
  void a_change_of_this_instance_counts_at_once() {
    database.put("alice", new AccountState(true, 0));
    cache.get("alice");
    cache.put("alice", new AccountState(true, 1));
    assertEquals(new AccountState(true, 1), cache.get("alice"));
    assertEquals(1, reads.size());
  }

  @Test
  void a_refresh_reads_only_the_missing_and_stale_states_in_one_go() {
    database.put("alice", new AccountState(true, 0));
    database.put("bob", new AccountState(true, 3));
    cache.get("alice");
    clock.advance(Duration.ofSeconds(1));
    cache.refresh(List.of("alice", "bob", "carol"));
    assertEquals(List.of(List.of("alice"), List.of("bob", "carol")), reads);
    assertEquals(new AccountState(true, 3), cache.get("bob"));
    assertEquals(AccountState.NONE, cache.get("carol"));
    assertEquals(2, reads.size());
  }
}
