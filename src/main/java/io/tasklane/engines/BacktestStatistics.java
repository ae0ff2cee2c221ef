package io.tasklane.engines;

import java.util.List;
import java.util.Objects;

/**
 * The annualised figures of a backtest, which depend on how many bars make a year: inferred from
 * the bar times ({@link Annualisation}) unless the caller says otherwise.
 *
 * @param periodsPerYear bars per year used to annualise the per-bar statistics
 * @param cagr compound annual growth over the time between the first and the last bar
 * @param annualisedVolatility see {@link PerformanceMetrics#annualisedVolatility}
 * @param sharpeRatio see {@link PerformanceMetrics#sharpeRatio}
 * @param sortinoRatio see {@link PerformanceMetrics#sortinoRatio}
 * @param notes why a figure is missing or should be read with care, in plain words
 */
public record BacktestStatistics(
    double periodsPerYear,
    Double cagr,
    Double annualisedVolatility,
    Double sharpeRatio,
    Double sortinoRatio,
    List<String> notes) {

  public BacktestStatistics {
    notes = List.copyOf(notes);
  }

  /**
   * @param periodsPerYear bars per year, or {@code null} to infer it from the bar times
   */
  public static BacktestStatistics of(BacktestResult result, Double periodsPerYear) {
    Objects.requireNonNull(result, "result");
    long[] times = result.barTimes();
    double[] equity = result.equityCurve();
    double periods = periodsPerYear != null ? periodsPerYear : Annualisation.periodsPerYear(times);
    double years = Annualisation.yearsBetween(times[0], times[times.length - 1]);
    Double cagr =
        years > 0
            ? PerformanceMetrics.cagr(result.initialCapital(), result.finalEquity(), years)
            : null;
    return new BacktestStatistics(
        periods,
        cagr,
        PerformanceMetrics.annualisedVolatility(equity, periods),
        PerformanceMetrics.sharpeRatio(equity, periods),
        PerformanceMetrics.sortinoRatio(equity, periods),
        List.of());
  }
}
