package io.tasklane.engines;

/**
 * Money and cost assumptions of a backtest.
 *
 * @param initialCapital cash at the start, greater than 0
 * @param commissionRate fraction of traded notional paid as commission on every fill, in [0, 0.1)
 * @param slippageRate fraction by which every fill is worse than the bar's open, in [0, 0.1)
 */
public record BacktestSettings(double initialCapital, double commissionRate, double slippageRate) {

  static final double MAX_RATE = 0.1;

  public BacktestSettings {
    // Written as !(x > 0) so that NaN is rejected too.
    if (!(initialCapital > 0) || Double.isInfinite(initialCapital)) {
      throw new IllegalArgumentException(
          "initialCapital must be a finite number > 0, got " + initialCapital);
    }
    requireRate("commissionRate", commissionRate);
    requireRate("slippageRate", slippageRate);
  }

  private static void requireRate(String name, double rate) {
    if (!(rate >= 0 && rate < MAX_RATE)) {
      throw new IllegalArgumentException(
          name + " must be >= 0 and < " + MAX_RATE + ", got " + rate);
    }
  }
}
