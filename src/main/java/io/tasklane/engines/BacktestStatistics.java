package io.tasklane.engines;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
 *     <p>The annualised figures are {@code null} for a run shorter than {@value #MIN_BARS} bars or
 *     a calendar month: compounding or scaling a few days' returns to a year gives numbers that
 *     look precise and mean nothing.
 */
public record BacktestStatistics(
    double periodsPerYear,
    Double cagr,
    Double annualisedVolatility,
    Double sharpeRatio,
    Double sortinoRatio,
    List<String> notes) {

  /** The fewest bars whose returns are annualised. */
  static final int MIN_BARS = 30;

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
    long first = times[0];
    long last = times[times.length - 1];
    List<String> notes = new ArrayList<>();
    if (result.closedTrades() == 0) {
      notes.add("win_rate is null: no round trip closed.");
    }
    if (times.length < MIN_BARS || !spansAMonth(first, last)) {
      notes.add(
          "cagr, annualised_volatility, sharpe_ratio and sortino_ratio are null: the run has "
              + times.length
              + " bars over "
              + (last - first) / 86_400
              + " days, and annualising needs at least "
              + MIN_BARS
              + " bars and a month. total_return is the return of the period.");
      return new BacktestStatistics(periods, null, null, null, null, notes);
    }
    return new BacktestStatistics(
        periods,
        PerformanceMetrics.cagr(
            result.initialCapital(), result.finalEquity(), Annualisation.yearsBetween(first, last)),
        PerformanceMetrics.annualisedVolatility(equity, periods),
        PerformanceMetrics.sharpeRatio(equity, periods),
        PerformanceMetrics.sortinoRatio(equity, periods),
        notes);
  }

  /** Whether the last bar is at least one calendar month (UTC) after the first. */
  static boolean spansAMonth(long firstEpochSecond, long lastEpochSecond) {
    OffsetDateTime first = Instant.ofEpochSecond(firstEpochSecond).atOffset(ZoneOffset.UTC);
    return !Instant.ofEpochSecond(lastEpochSecond).isBefore(first.plusMonths(1).toInstant());
  }
}
