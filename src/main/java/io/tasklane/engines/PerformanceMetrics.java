package io.tasklane.engines;

import java.util.Objects;

/** Performance statistics of an equity curve sampled once per bar. Equity values must be > 0. */
public final class PerformanceMetrics {

  private PerformanceMetrics() {}

  /** {@code last / initial - 1}, so 0.25 is a 25 % gain. */
  public static double totalReturn(double initial, double last) {
    return last / initial - 1;
  }

  /**
   * The largest fall from a running peak to a later value, as a positive fraction of that peak
   * (0.25 is 25 %); 0 for a curve that never falls.
   */
  public static double maxDrawdown(double[] equity) {
    Objects.requireNonNull(equity, "equity");
    double peak = Double.NEGATIVE_INFINITY;
    double worst = 0;
    for (double value : equity) {
      if (value > peak) {
        peak = value;
      } else {
        double drawdown = (peak - value) / peak;
        if (drawdown > worst) {
          worst = drawdown;
        }
      }
    }
    return worst;
  }

  /**
   * Annualised Sharpe ratio of the per-bar simple returns, with a risk-free rate of 0:
   *
   * <pre>mean(returns) / sampleStdev(returns) * sqrt(periodsPerYear)</pre>
   *
   * <p>It is 0 when there are fewer than two returns or the returns do not vary.
   */
  public static double sharpeRatio(double[] equity, double periodsPerYear) {
    Objects.requireNonNull(equity, "equity");
    requirePeriods(periodsPerYear);
    int returns = equity.length - 1;
    if (returns < 2) {
      return 0.0;
    }
    double sum = 0;
    for (int i = 1; i < equity.length; i++) {
      sum += equity[i] / equity[i - 1] - 1;
    }
    double mean = sum / returns;
    // Two passes rather than a running sum of squares, which loses precision when returns are tiny.
    double squaredDeviations = 0;
    for (int i = 1; i < equity.length; i++) {
      double deviation = equity[i] / equity[i - 1] - 1 - mean;
      squaredDeviations += deviation * deviation;
    }
    double stdev = Math.sqrt(squaredDeviations / (returns - 1));
    if (stdev == 0) {
      return 0.0;
    }
    return mean / stdev * Math.sqrt(periodsPerYear);
  }

  /**
   * Compound annual growth rate, {@code (last / initial)^(1 / years) - 1}, over the real time the
   * money was invested: {@code years} comes from the first and last bar's timestamps ({@link
   * Annualisation#yearsBetween}), not from a bar count, so weekends and gaps in the data count.
   *
   * @throws IllegalArgumentException unless {@code years > 0}
   */
  public static double cagr(double initial, double last, double years) {
    if (!(years > 0)) {
      throw new IllegalArgumentException("years must be > 0, got " + years);
    }
    return Math.pow(last / initial, 1 / years) - 1;
  }

  /**
   * Annualised volatility: the sample standard deviation of per-bar simple returns times {@code
   * sqrt(periodsPerYear)}; 0 with fewer than two returns.
   */
  public static double annualisedVolatility(double[] equity, double periodsPerYear) {
    Objects.requireNonNull(equity, "equity");
    requirePeriods(periodsPerYear);
    int returns = equity.length - 1;
    if (returns < 2) {
      return 0.0;
    }
    double sum = 0;
    for (int i = 1; i < equity.length; i++) {
      sum += equity[i] / equity[i - 1] - 1;
    }
    double mean = sum / returns;
    double squaredDeviations = 0;
    for (int i = 1; i < equity.length; i++) {
      double deviation = equity[i] / equity[i - 1] - 1 - mean;
      squaredDeviations += deviation * deviation;
    }
    return Math.sqrt(squaredDeviations / (returns - 1)) * Math.sqrt(periodsPerYear);
  }

  /**
   * Annualised Sortino ratio with a target of 0: {@code mean(returns) / downsideDeviation *
   * sqrt(periodsPerYear)}, where the downside deviation is {@code sqrt(sum(min(r, 0)^2) / n)} over
   * all {@code n} returns. 0 with fewer than two returns or no losing bar.
   */
  public static double sortinoRatio(double[] equity, double periodsPerYear) {
    Objects.requireNonNull(equity, "equity");
    requirePeriods(periodsPerYear);
    int returns = equity.length - 1;
    if (returns < 2) {
      return 0.0;
    }
    double sum = 0;
    double downsideSquares = 0;
    for (int i = 1; i < equity.length; i++) {
      double r = equity[i] / equity[i - 1] - 1;
      sum += r;
      if (r < 0) {
        downsideSquares += r * r;
      }
    }
    if (downsideSquares == 0) {
      return 0.0;
    }
    return sum / returns / Math.sqrt(downsideSquares / returns) * Math.sqrt(periodsPerYear);
  }

  private static void requirePeriods(double periodsPerYear) {
    if (!(periodsPerYear > 0) || Double.isInfinite(periodsPerYear)) {
      throw new IllegalArgumentException(
          "periodsPerYear must be a finite number > 0, got " + periodsPerYear);
    }
  }
}
