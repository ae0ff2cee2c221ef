package io.tasklane.sweeps;

import io.tasklane.engines.RunMetrics;
import io.tasklane.system.ProblemException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The figures of a sweep result a client may sort, filter and rank by: each is a column of {@code
 * sweep_result} under its own name, so SQL is built from these constants only, never from what a
 * client sent. The {@code oos_}/{@code is_} figures exist for walk-forward sweeps only.
 */
enum Metric {
  TOTAL_RETURN("total_return", true),
  CAGR("cagr", true),
  ANNUALISED_VOLATILITY("annualised_volatility", false),
  SHARPE_RATIO("sharpe_ratio", true),
  SORTINO_RATIO("sortino_ratio", true),
  MAX_DRAWDOWN("max_drawdown", false),
  WIN_RATE("win_rate", true),
  EXPOSURE("exposure", true),
  TRADE_COUNT("trade_count", true),
  FINAL_EQUITY("final_equity", true),
  TOTAL_COSTS("total_costs", false),
  /** Mean out-of-sample figure of the sweep's {@code rank_by} over the folds. */
  OOS_SCORE("oos_score", true),
  /** Mean in-sample figure of the sweep's {@code rank_by} over the folds. */
  IS_SCORE("is_score", true),
  /** In-sample minus out-of-sample: how much of the fit did not carry over. */
  SCORE_GAP("score_gap", false);

  /** The figures a backtest has, in column order; the walk-forward ones follow. */
  static final Metric[] RUN = Arrays.copyOfRange(values(), 0, 11);

  private final String wireName;
  private final boolean higherIsBetter;

  Metric(String wireName, boolean higherIsBetter) {
    this.wireName = wireName;
    this.higherIsBetter = higherIsBetter;
  }

  String wireName() {
    return wireName;
  }

  /** The column: the wire name, from this enum only. */
  String column() {
    return wireName;
  }

  boolean higherIsBetter() {
    return higherIsBetter;
  }

  boolean isRunMetric() {
    return ordinal() < RUN.length;
  }

  Double of(RunMetrics metrics) {
    return metrics.value(wireName);
  }

  static Metric named(String name, String path) {
    for (Metric metric : values()) {
      if (metric.wireName.equals(name)) {
        return metric;
      }
    }
    throw new ProblemException.InvalidInput(
        path
            + ": unknown metric '"
            + name
            + "'; use one of "
            + Arrays.stream(values()).map(Metric::wireName).collect(Collectors.joining(", "))
            + ".");
  }
}
