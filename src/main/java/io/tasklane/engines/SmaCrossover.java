package io.tasklane.engines;

import java.util.Objects;

/**
 * Long-only moving-average crossover: buy when the fast simple moving average of closes crosses
 * above the slow one, sell when it crosses back below.
 *
 * <p>A crossover is seen at bar {@code i}'s close, using closes up to and including {@code i} only;
 * {@link Backtester} fills it at bar {@code i + 1}'s open, so no decision looks ahead.
 */
public final class SmaCrossover implements Strategy {

  static final int MAX_PERIOD = 10_000;

  private final int fastPeriod;
  private final int slowPeriod;

  /**
   * @throws IllegalArgumentException unless {@code 1 <= fastPeriod < slowPeriod <= 10_000}
   */
  public SmaCrossover(int fastPeriod, int slowPeriod) {
    if (fastPeriod < 1) {
      throw new IllegalArgumentException("fastPeriod must be >= 1, got " + fastPeriod);
    }
    if (slowPeriod > MAX_PERIOD) {
      throw new IllegalArgumentException(
          "slowPeriod must be <= " + MAX_PERIOD + ", got " + slowPeriod);
    }
    if (fastPeriod >= slowPeriod) {
      throw new IllegalArgumentException(
          "fastPeriod must be less than slowPeriod, got fastPeriod="
              + fastPeriod
              + " and slowPeriod="
              + slowPeriod);
    }
    this.fastPeriod = fastPeriod;
    this.slowPeriod = slowPeriod;
  }

  @Override
  public String name() {
    return "sma_crossover";
  }

  /**
   * Long from a crossover above until the next crossover below. A crossover needs both averages on
   * the previous bar too, so the first possible one is at bar {@code slowPeriod}.
   */
  @Override
  public byte[] positions(PriceSeries series) {
    Objects.requireNonNull(series, "series");
    final double[] close = series.close();
    final int bars = close.length;
    final int fast = fastPeriod;
    final int slow = slowPeriod;
    final byte[] positions = new byte[bars];
    byte holding = 0;
    double fastSum = 0;
    double slowSum = 0;
    double previousFastMinusSlow = 0;
    for (int i = 0; i < bars; i++) {
      double price = close[i];
      fastSum += price;
      if (i >= fast) {
        fastSum -= close[i - fast];
      }
      slowSum += price;
      if (i >= slow) {
        slowSum -= close[i - slow];
      }
      if (i >= slow - 1) {
        double fastMinusSlow = fastSum / fast - slowSum / slow;
        if (i >= slow) {
          if (previousFastMinusSlow <= 0 && fastMinusSlow > 0) {
            holding = 1;
          } else if (previousFastMinusSlow >= 0 && fastMinusSlow < 0) {
            holding = 0;
          }
        }
        previousFastMinusSlow = fastMinusSlow;
      }
      positions[i] = holding;
    }
    return positions;
  }

  @Override
  public String toString() {
    return "SmaCrossover[fastPeriod=" + fastPeriod + ", slowPeriod=" + slowPeriod + "]";
  }
}
