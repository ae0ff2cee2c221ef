package io.tasklane.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CpuWindowTest {
  static final Instant T0 = Instant.parse("2026-01-15T10:30:00Z");

  /** Cumulative ticks at {@code millis} after T0: 100 ticks per second per core, 2 cores. */
  static CpuWindow.Ticks at(long millis, long busy) {
    return new CpuWindow.Ticks(T0.plusMillis(millis), busy, millis / 5);
  }

  /** A 1 s window with readings at 0, 600 and 1,100 ms. */
  static CpuWindow readAt0And600And1100() {
    CpuWindow window = new CpuWindow(Duration.ofSeconds(1), at(0, 0));
    window.add(at(600, 30), 0);
    window.add(at(1100, 60), 0);
    return window;
  }

  @Test
  void right_after_start_the_window_opens_at_the_first_reading() {
    CpuWindow window = new CpuWindow(Duration.ofSeconds(1), at(0, 0));

    CpuWindow.Usage usage = window.add(at(250, 25), 0);

    assertEquals(0.5, usage.usage(), 1e-9);
    assertEquals(T0, usage.windowStart());
  }

  @Test
  void close_samples_share_a_window_of_at_least_the_minimum() {
    CpuWindow window = readAt0And600And1100();

    // At 1,400 ms the reading at 600 ms would open only an 800 ms window: the one at 0 ms opens it.
    CpuWindow.Usage usage = window.add(at(1400, 140), 0);

    assertEquals(T0, usage.windowStart());
    assertEquals(140 / 280.0, usage.usage(), 1e-9);
  }

  @Test
  void the_window_slides_to_the_newest_reading_that_is_old_enough() {
    CpuWindow window = readAt0And600And1100();

    CpuWindow.Usage usage = window.add(at(1700, 90), 0);

    assertEquals(T0.plusMillis(600), usage.windowStart());
    assertEquals((90 - 30) / ((1700 - 600) / 5.0), usage.usage(), 1e-9);
  }

  @Test
  void a_short_burst_averages_out_over_the_window() {
    CpuWindow window = new CpuWindow(Duration.ofSeconds(1), at(0, 0));
    window.add(at(750, 30), 0); // 20 % busy for 750 ms
    // then 250 ms with both cores fully busy (a compilation and a collection, say)
    CpuWindow.Usage usage = window.add(at(1000, 30 + 50), 0);

    assertEquals(80 / 200.0, usage.usage(), 1e-9); // 40 %, where the last 250 ms alone read 100 %
  }

  @Test
  void no_tick_elapsed_keeps_the_figure_given() {
    CpuWindow window = new CpuWindow(Duration.ofSeconds(1), at(0, 0));

    assertEquals(0.37, window.add(new CpuWindow.Ticks(T0.plusMillis(1), 0, 0), 0.37).usage(), 0);
  }
}
