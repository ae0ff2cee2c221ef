package io.tasklane.resources;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * CPU usage over a sliding window of at least {@code minimum}, from the kernel's cumulative tick
 * counters read at each sample.
 *
 * <p>Why a minimum: samples are taken as often as admission needs them, a few hundred milliseconds
 * apart, and over so short a window one JIT compilation or GC burst of the server itself reads as a
 * busy machine and holds a task back for nothing. Over a second or more such bursts average out,
 * while a sustained load still shows within that second (the seed's worker saw a five-second
 * window). Tasks this instance started inside the window are reserved by the scheduler's ledger, so
 * a longer window never lets it over-commit.
 */
final class CpuWindow {
  /** Cumulative busy and total ticks of all cores, as read at {@code at}. */
  record Ticks(Instant at, long busy, long total) {}

  /** Usage in the window and when the window opened. */
  record Usage(double usage, Instant windowStart) {}

  private final Duration minimum;
  private final Deque<Ticks> readings = new ArrayDeque<>(); // oldest first

  CpuWindow(Duration minimum, Ticks first) {
    this.minimum = minimum;
    readings.add(first);
  }

  /**
   * Adds a reading and returns the usage since the newest earlier reading at least {@code minimum}
   * older (or the oldest one, right after start); {@code fallback} if no tick elapsed.
   */
  Usage add(Ticks now, double fallback) {
    Instant latestStart = now.at().minus(minimum);
    // Keep the newest reading that still opens a long enough window, and those after it.
    while (readings.size() > 1) {
      var it = readings.iterator();
      it.next();
      Ticks second = it.next();
      if (second.at().isAfter(latestStart)) {
        break;
      }
      readings.removeFirst();
    }
    Ticks base = readings.peekFirst();
    readings.addLast(now);
    long total = now.total() - base.total();
    double usage =
        total > 0
            ? Math.max(0, Math.min(1, (double) (now.busy() - base.busy()) / total))
            : fallback;
    return new Usage(usage, base.at());
  }
}
