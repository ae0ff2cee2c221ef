package io.tasklane.engines;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One fall of the equity curve below a running peak and the climb back, by bar index.
 *
 * @param peak the last bar at the peak before the fall
 * @param trough the lowest bar before recovery (or before the end)
 * @param recovery the first bar back at or above the peak, or -1 if the curve never got there
 * @param depth the fall from the peak to the trough as a positive fraction of the peak
 */
public record DrawdownPeriod(int peak, int trough, int recovery, double depth) {

  /** Whether the curve got back to the peak before the last bar. */
  public boolean recovered() {
    return recovery >= 0;
  }

  /** Bars from the peak to the recovery, or to the last bar if not recovered. */
  public int bars(int lastBar) {
    return (recovered() ? recovery : lastBar) - peak;
  }

  /**
   * The drawdown periods of the curve, oldest first: the deepest one and the longest one are the
   * interesting ones, see {@link #deepest} and {@link #longest}.
   */
  static List<DrawdownPeriod> of(double[] equity) {
    Objects.requireNonNull(equity, "equity");
    List<DrawdownPeriod> periods = new ArrayList<>();
    int peak = 0;
    int trough = -1;
    for (int i = 1; i < equity.length; i++) {
      if (equity[i] >= equity[peak]) {
        if (trough >= 0) {
          periods.add(new DrawdownPeriod(peak, trough, i, depth(equity, peak, trough)));
          trough = -1;
        }
        peak = i;
      } else if (trough < 0 || equity[i] < equity[trough]) {
        trough = i;
      }
    }
    if (trough >= 0) {
      periods.add(new DrawdownPeriod(peak, trough, -1, depth(equity, peak, trough)));
    }
    return periods;
  }

  /** The deepest period, the earliest of equals; null for a curve that never falls. */
  static DrawdownPeriod deepest(List<DrawdownPeriod> periods) {
    DrawdownPeriod deepest = null;
    for (DrawdownPeriod period : periods) {
      if (deepest == null || period.depth > deepest.depth) {
        deepest = period;
      }
    }
    return deepest;
  }

  /**
   * The period that lasted longest in calendar time, an unrecovered one counting to the last bar;
   * the earliest of equals; null for a curve that never falls.
   */
  static DrawdownPeriod longest(List<DrawdownPeriod> periods, long[] barTimes) {
    int lastBar = barTimes.length - 1;
    DrawdownPeriod longest = null;
    long longestSeconds = -1;
    for (DrawdownPeriod period : periods) {
      long seconds = barTimes[period.peak + period.bars(lastBar)] - barTimes[period.peak];
      if (seconds > longestSeconds) {
        longest = period;
        longestSeconds = seconds;
      }
    }
    return longest;
  }

  private static double depth(double[] equity, int peak, int trough) {
    return (equity[peak] - equity[trough]) / equity[peak];
  }
}
