package io.tasklane.engines;

import java.util.Arrays;

/**
 * How many bars make a year, read from a series' own timestamps rather than from its timeframe:
 * exchange data has no weekend bars and, intraday, only a session's worth of bars a day, so one
 * fixed figure per timeframe would overstate or understate every annualised ratio.
 *
 * <p>The rule: a series with (almost) no Saturday or Sunday bars trades {@value
 * #TRADING_DAYS_PER_YEAR} days a year, else {@value #CALENDAR_DAYS_PER_YEAR}. Daily bars give one
 * bar per trading day; intraday bars give the average number of bars on a day that has any (390 for
 * one-minute bars of a US session, 1,440 around the clock). Bars further apart than a day and a
 * half (weekly, monthly) give {@code 365.25 / median spacing in days}.
 */
public final class Annualisation {
  static final int TRADING_DAYS_PER_YEAR = 252;
  static final int CALENDAR_DAYS_PER_YEAR = 365;
  static final double DAYS_PER_YEAR = 365.25;

  /** Below this share of weekend bars a market counts as weekday-only (24/7 has 2/7 ≈ 0.29). */
  static final double WEEKDAY_ONLY_MAX_WEEKEND_SHARE = 0.05;

  private static final long SECONDS_PER_DAY = 86_400;
  private static final int MEDIAN_SAMPLE = 10_000;

  private Annualisation() {}

  /**
   * Bars per year of the series whose bar times these are, oldest first; the daily calendar figure
   * for a single bar.
   */
  public static double periodsPerYear(long[] epochSeconds) {
    int bars = epochSeconds.length;
    double daysPerYear =
        weekendShare(epochSeconds) <= WEEKDAY_ONLY_MAX_WEEKEND_SHARE
            ? TRADING_DAYS_PER_YEAR
            : CALENDAR_DAYS_PER_YEAR;
    if (bars < 2) {
      return daysPerYear;
    }
    long spacing = medianSpacingSeconds(epochSeconds);
    if (spacing > SECONDS_PER_DAY * 3 / 2) {
      return DAYS_PER_YEAR * SECONDS_PER_DAY / spacing;
    }
    if (spacing >= SECONDS_PER_DAY / 2) {
      return daysPerYear;
    }
    return daysPerYear * bars / daysWithBars(epochSeconds);
  }

  /** Years between two instants, counting 365.25 days a year. */
  public static double yearsBetween(long firstEpochSecond, long lastEpochSecond) {
    return (lastEpochSecond - firstEpochSecond) / (double) SECONDS_PER_DAY / DAYS_PER_YEAR;
  }

  /** Share of bars that fall on a Saturday or Sunday, UTC. */
  static double weekendShare(long[] epochSeconds) {
    long weekend = 0;
    for (long t : epochSeconds) {
      // Day 0 of the epoch was a Thursday, so Monday is 0 and Saturday 5 in this count.
      long dayOfWeek = Math.floorMod(Math.floorDiv(t, SECONDS_PER_DAY) + 3, 7);
      if (dayOfWeek >= 5) {
        weekend++;
      }
    }
    return epochSeconds.length == 0 ? 0 : (double) weekend / epochSeconds.length;
  }

  /**
   * The median of at most ~10,000 evenly picked spacings: sorting 20 million would cost seconds.
   */
  private static long medianSpacingSeconds(long[] epochSeconds) {
    int step = Math.max(1, (epochSeconds.length - 1) / MEDIAN_SAMPLE);
    long[] spacings = new long[(epochSeconds.length - 2) / step + 1];
    for (int k = 0; k < spacings.length; k++) {
      int i = 1 + k * step;
      spacings[k] = epochSeconds[i] - epochSeconds[i - 1];
    }
    Arrays.sort(spacings);
    return spacings[spacings.length / 2];
  }

  private static long daysWithBars(long[] epochSeconds) {
    long days = 0;
    long previousDay = Long.MIN_VALUE;
    for (long t : epochSeconds) {
      long day = Math.floorDiv(t, SECONDS_PER_DAY);
      if (day != previousDay) {
        days++;
        previousDay = day;
      }
    }
    return days;
  }
}
