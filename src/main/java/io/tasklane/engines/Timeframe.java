package io.tasklane.engines;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The length of one bar of a {@link PriceSeries}. */
public enum Timeframe {
  // Bars a year around the clock, every calendar day (crypto-like). Only the synthetic market uses
  // it; backtests read the calendar from the bars themselves (see Annualisation).
  D1("1d", 86_400, 365),
  H1("1h", 3_600, 8_760),
  M1("1m", 60, 525_600);

  private final String code;
  private final long seconds;
  private final int periodsPerYear;

  Timeframe(String code, long seconds, int periodsPerYear) {
    this.code = code;
    this.seconds = seconds;
    this.periodsPerYear = periodsPerYear;
  }

  /** The short code used in requests, such as {@code "1h"}. */
  public String code() {
    return code;
  }

  /** The length of one bar in seconds. */
  public long seconds() {
    return seconds;
  }

  /** How many bars make a year of a market open around the clock every day. */
  public int periodsPerYear() {
    return periodsPerYear;
  }

  /**
   * Returns the timeframe with the given code.
   *
   * @throws IllegalArgumentException if no timeframe has that code
   */
  public static Timeframe fromCode(String code) {
    for (Timeframe timeframe : values()) {
      if (timeframe.code.equals(code)) {
        return timeframe;
      }
    }
    String known = Arrays.stream(values()).map(Timeframe::code).collect(Collectors.joining(", "));
    throw new IllegalArgumentException("unknown timeframe '" + code + "'; use one of " + known);
  }
}
