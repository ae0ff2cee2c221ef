package io.tasklane.engines;

import java.util.Objects;

/**
 * How a strategy compares with buying and holding its own symbol over the same bars at the same
 * costs ({@link BuyAndHold}).
 *
 * @param totalReturn the benchmark's return over the run
 * @param cagr the benchmark's compound annual growth; {@code null} when the strategy's is (a short
 *     run, see {@link BacktestStatistics})
 * @param maxDrawdown the benchmark's deepest fall, a positive fraction of its peak
 * @param excessReturn the strategy's total return less the benchmark's
 * @param alpha the intercept of the per-bar regression of strategy returns on benchmark returns,
 *     times bars per year; {@code null} on a short run or when the benchmark's returns do not vary
 * @param beta the slope of that regression; {@code null} when the benchmark's returns do not vary
 * @param correlation of the per-bar returns; {@code null} when either side does not vary
 * @param informationRatio mean over sample standard deviation of the per-bar active returns
 *     (strategy less benchmark), times {@code sqrt(bars per year)}; {@code null} on a short run or
 *     when the active returns do not vary
 */
public record Benchmark(
    double totalReturn,
    Double cagr,
    double maxDrawdown,
    double excessReturn,
    Double alpha,
    Double beta,
    Double correlation,
    Double informationRatio) {

  public static Benchmark of(
      BuyAndHold benchmark, BacktestResult result, BacktestStatistics statistics) {
    Objects.requireNonNull(benchmark, "benchmark");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(statistics, "statistics");
    double[] equity = result.equityCurve();
    if (benchmark.size() != equity.length) {
      throw new IllegalArgumentException(
          benchmark.size() + " benchmark bars but " + equity.length + " equity values");
    }
    // Welford's running co-moments: one pass, and stable over millions of tiny returns.
    long n = 0;
    double meanS = 0;
    double meanB = 0;
    double meanA = 0;
    double ss = 0;
    double bb = 0;
    double sb = 0;
    double aa = 0;
    double peak = benchmark.equity(0);
    double worst = 0;
    for (int i = 1; i < equity.length; i++) {
      double previous = benchmark.equity(i - 1);
      double current = benchmark.equity(i);
      if (current > peak) {
        peak = current;
      } else {
        worst = Math.max(worst, (peak - current) / peak);
      }
      double s = equity[i] / equity[i - 1] - 1;
      double b = current / previous - 1;
      double a = s - b;
      n++;
      double ds = s - meanS;
      double db = b - meanB;
      double da = a - meanA;
      meanS += ds / n;
      meanB += db / n;
      meanA += da / n;
      ss += ds * (s - meanS);
      bb += db * (b - meanB);
      sb += ds * (b - meanB);
      aa += da * (a - meanA);
    }
    double last = benchmark.equity(equity.length - 1);
    double totalReturn = PerformanceMetrics.totalReturn(benchmark.initialCapital(), last);
    boolean annualised = statistics.cagr() != null;
    long[] times = result.barTimes();
    Double cagr =
        annualised
            ? PerformanceMetrics.cagr(
                benchmark.initialCapital(),
                last,
                Annualisation.yearsBetween(times[0], times[times.length - 1]))
            : null;
    double periods = statistics.periodsPerYear();
    Double beta = n >= 2 && bb > 0 ? sb / bb : null;
    Double alpha = beta != null && annualised ? (meanS - beta * meanB) * periods : null;
    Double correlation =
        n >= 2 && bb > 0 && ss > 0 ? Math.max(-1, Math.min(1, sb / Math.sqrt(ss * bb))) : null;
    Double informationRatio =
        n >= 2 && aa > 0 && annualised
            ? meanA / Math.sqrt(aa / (n - 1)) * Math.sqrt(periods)
            : null;
    return new Benchmark(
        totalReturn,
        cagr,
        worst,
        result.totalReturn() - totalReturn,
        alpha,
        beta,
        correlation,
        informationRatio);
  }
}
