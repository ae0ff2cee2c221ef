package io.tasklane.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenProviderTest {
  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  final MovableClock clock = new MovableClock();
  final AtomicInteger signIns = new AtomicInteger();
  final TokenProvider tokens =
      new TokenProvider(
          () -> new AuthApi.TokenResponse("t" + signIns.incrementAndGet(), "Bearer", 100, Set.of()),
          clock);

  @Test
  void a_token_is_kept_until_four_fifths_of_its_life_then_renewed() {
    assertEquals("t1", tokens.get());
    clock.now = clock.now.plus(Duration.ofSeconds(79));
    assertEquals("t1", tokens.get());
    clock.now = clock.now.plus(Duration.ofSeconds(1));
    assertEquals("t2", tokens.get());
    assertEquals("t2", tokens.get());
    assertEquals(2, signIns.get());
  }

  @Test
  void an_invalidated_token_is_replaced_on_next_use() {
    assertEquals("t1", tokens.get());
    tokens.invalidate();
    assertEquals("t2", tokens.get());
  }

  @Test
  void a_fixed_token_is_used_as_it_is() {
    TokenProvider fixed = TokenProvider.fixed("external");
    assertEquals("external", fixed.get());
    fixed.invalidate();
    assertEquals("external", fixed.get());
  }

  @Test
  void concurrent_callers_share_one_sign_in() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<String>> calls = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        calls.add(tokens::get);
      }
      for (Future<String> token : pool.invokeAll(calls)) {
        assertEquals("t1", token.get());
      }
      assertEquals(1, signIns.get());
    } finally {
      pool.shutdownNow();
    }
  }
}
