package io.tasklane.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurstAllowanceTest {
  record Take(Instant at, double cpuSeconds) {}

  final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void a_burst_of_1000_tiny_tasks_never_takes_more_than_the_allowance_in_any_window() {
    // 2 cores with a 20 % buffer: 0.4 CPU-seconds per second, at most 0.4 at once.
    BurstAllowance allowance = BurstAllowance.fromBuffer(0.4, clock);
    List<Take> takes = new ArrayList<>();
    int waiting = 1000;
    double tiny = 0.01; // a one-year daily backtest: about 10 ms of CPU
    while (waiting > 0) {
      // every pass, each waiting task tries; passes come every 7 ms, off the second's grid
      int tried = waiting;
      for (int i = 0; i < tried && allowance.tryTake(tiny); i++) {
        takes.add(new Take(clock.instant(), tiny));
        waiting--;
      }
      clock.advance(Duration.ofMillis(7));
    }

    assertEquals(1000, takes.size());
    assertEquals(40, takes.stream().filter(t -> t.at().equals(takes.get(0).at())).count());
    for (int i = 0; i < takes.size(); i++) {
      double taken = 0;
      for (int j = i; j < takes.size(); j++) {
        taken += takes.get(j).cpuSeconds();
        double window = Duration.between(takes.get(i).at(), takes.get(j).at()).toNanos() / 1e9;
        double bound = allowance.capacity() + allowance.rate() * window;
        assertTrue(
            taken <= bound + 1e-9,
            "took " + taken + " CPU-s over " + window + " s, bound " + bound);
      }
    }
    // and the queue drained at the allowance's pace: 10 CPU-s at 0.4 a second, less the first 0.4
    double drained = Duration.between(takes.get(0).at(), takes.get(999).at()).toMillis() / 1000.0;
    assertEquals(24, drained, 0.1);
  }

  @Test
  void refills_at_its_rate_and_never_beyond_its_capacity() {
    BurstAllowance allowance = new BurstAllowance(0.5, 1.0, clock);
    assertTrue(allowance.tryTake(1.0));
    assertFalse(allowance.tryTake(0.1));

    clock.advance(Duration.ofMillis(400));
    assertEquals(0.2, allowance.available(), 1e-9);

    clock.advance(Duration.ofMinutes(10));
    assertEquals(1.0, allowance.available(), 1e-9);
  }

  @Test
  void a_refused_take_takes_nothing() {
    BurstAllowance allowance = new BurstAllowance(0.4, 0.4, clock);
    assertFalse(allowance.tryTake(0.5));
    assertEquals(0.4, allowance.available(), 1e-9);
  }
}
