package io.tasklane.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tasklane.support.ConfigDefaults;
import io.tasklane.system.ProblemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  static final Instant START = Instant.parse("2026-01-15T10:30:00Z");

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    Instant now = START;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }
  }

  final ManualClock clock = new ManualClock();
  final LoginThrottle throttle = throttle(clock);

  /** The production defaults: 5 free failures per name, 20 per address, 1 s doubling, hold 4 s. */
  static LoginThrottle throttle(Clock clock) {
    LoginThrottle throttle = new LoginThrottle();
    throttle.clock = clock;
    throttle.config = ConfigDefaults.of(ThrottleConfig.class);
    throttle.prepare();
    return throttle;
  }

  /** One attempt that fails, answered when the throttle lets it through; returns the hold. */
  Duration failedAttempt(String name, String address) {
    Duration hold = throttle.admit(name, address);
    clock.advance(hold);
    throttle.failed(name, address);
    return hold;
  }

  @Test
  void the_first_failures_are_free_then_each_attempt_waits_twice_as_long_then_429() {
    for (int i = 0; i < 5; i++) {
      assertEquals(Duration.ZERO, failedAttempt("alice", "10.0.0.1"));
    }
    assertEquals(Duration.ofSeconds(1), failedAttempt("alice", "10.0.0.1"));
    assertEquals(Duration.ofSeconds(2), failedAttempt("alice", "10.0.0.1"));
    assertEquals(Duration.ofSeconds(4), failedAttempt("alice", "10.0.0.1"));

    ProblemException refused =
        assertThrows(ProblemException.class, () -> throttle.admit("alice", "10.0.0.1"));
    assertEquals(429, refused.status());
    assertEquals(Duration.ofSeconds(8), refused.retryAfter());

    clock.advance(Duration.ofSeconds(8));
    assertEquals(Duration.ZERO, failedAttempt("alice", "10.0.0.1"), "on time: answered at once");
    assertEquals(Duration.ofSeconds(16), assertRefused("alice", "10.0.0.1"));
  }

  Duration assertRefused(String name, String address) {
    ProblemException refused =
        assertThrows(ProblemException.class, () -> throttle.admit(name, address));
    assertEquals(429, refused.status());
    return refused.retryAfter();
  }

  @Test
  void the_delay_doubles_from_the_base_and_stops_at_the_max_delay() {
    LoginThrottle.Policy policy =
        new LoginThrottle.Policy(5, Duration.ofSeconds(1), Duration.ofSeconds(900));
    assertEquals(Duration.ZERO, policy.spacing(4));
    assertEquals(Duration.ofSeconds(1), policy.spacing(5));
    assertEquals(Duration.ofSeconds(2), policy.spacing(6));
    assertEquals(Duration.ofSeconds(512), policy.spacing(14));
    assertEquals(Duration.ofSeconds(900), policy.spacing(15));
    assertEquals(Duration.ofSeconds(900), policy.spacing(1_000_000), "no overflow");
  }

  @Test
  void concurrent_attempts_of_a_throttled_name_queue_up_one_delay_apart() {
    for (int i = 0; i < 6; i++) {
      failedAttempt("alice", "10.0.0." + i);
    }
    // 6 failures: attempts come 2 s apart; all arrive at once
    assertEquals(Duration.ofSeconds(2), throttle.admit("alice", "10.0.1.1"));
    assertEquals(Duration.ofSeconds(4), throttle.admit("alice", "10.0.1.2"));
    assertEquals(Duration.ofSeconds(6), assertRefused("alice", "10.0.1.3"));
  }

  @Test
  void unknown_and_known_names_are_throttled_alike_and_separately() {
    for (int i = 0; i < 5; i++) {
      failedAttempt("alice", "10.0.0." + i);
      failedAttempt("no-such-user", "10.0.1." + i);
    }
    assertEquals(Duration.ofSeconds(1), throttle.admit("alice", "10.0.2.1"));
    assertEquals(Duration.ofSeconds(1), throttle.admit("no-such-user", "10.0.2.2"));
    assertEquals(Duration.ZERO, throttle.admit("bob", "10.0.2.3"), "another name is not slowed");
  }

  @Test
  void one_address_guessing_many_names_is_slowed_after_its_own_free_failures() {
    for (int i = 0; i < 20; i++) {
      assertEquals(Duration.ZERO, failedAttempt("name-" + i, "10.0.0.9"));
    }
    assertEquals(Duration.ofSeconds(1), failedAttempt("name-20", "10.0.0.9"));
    assertEquals(Duration.ofSeconds(2), failedAttempt("name-21", "10.0.0.9"));
    assertEquals(Duration.ofSeconds(4), failedAttempt("name-22", "10.0.0.9"));
    assertEquals(Duration.ofSeconds(8), assertRefused("name-23", "10.0.0.9"));
    assertEquals(Duration.ZERO, throttle.admit("name-23", "10.0.0.10"), "other addresses are not");
  }

  @Test
  void a_success_clears_the_names_failures_but_not_the_addresses() {
    for (int i = 0; i < 20; i++) {
      failedAttempt(i < 5 ? "alice" : "name-" + i, "10.0.0.9");
    }
    throttle.admit("alice", "10.0.0.8");
    throttle.succeeded("alice");
    assertEquals(Duration.ZERO, throttle.admit("alice", "10.0.0.8"));
    throttle.succeeded("alice");
    assertEquals(Duration.ZERO, failedAttempt("carol", "10.0.0.8"));
    assertEquals(Duration.ofSeconds(1), failedAttempt("carol", "10.0.0.9"), "address still slowed");
  }

  @Test
  void failures_are_forgotten_after_a_quiet_hour() {
    for (int i = 0; i < 8; i++) {
      failedAttempt("alice", "10.0.0.1");
    }
    assertRefused("alice", "10.0.0.1");
    clock.advance(Duration.ofHours(1));
    assertEquals(Duration.ZERO, failedAttempt("alice", "10.0.0.1"));
    assertEquals(Duration.ZERO, failedAttempt("alice", "10.0.0.1"), "free failures again");
    clock.advance(Duration.ofHours(2));
    throttle.admit("someone", "10.0.0.2"); // sweeps
    assertEquals(0, throttle.size(), "forgotten keys hold no memory");
  }
}
