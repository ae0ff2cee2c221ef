package io.tasklane.sweeps;

import io.tasklane.engines.RunMetrics;

/**
 * One combination's row: its series, its parameters (a JSON object) and its figures over the whole
 * range; for a walk-forward sweep also the mean in-sample and out-of-sample value of the ranking
 * metric over the folds, their gap, the overfitting flag and every fold's figures (JSON).
 */
record SweepResult(
    int combination,
    String symbol,
    String timeframe,
    String params,
    RunMetrics metrics,
    Double oosScore,
    Double isScore,
    Double scoreGap,
    Boolean overfit,
    String folds) {

  Double value(Metric metric) {
    return switch (metric) {
      case OOS_SCORE -> oosScore;
      case IS_SCORE -> isScore;
      case SCORE_GAP -> scoreGap;
      default -> metric.of(metrics);
    };
  }
}
