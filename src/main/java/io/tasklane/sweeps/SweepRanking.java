package io.tasklane.sweeps;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * How a sweep's results are ranked: by its {@code rank_by} metric in that metric's better direction
 * (higher Sharpe ratio, lower drawdown), or, for a walk-forward sweep, by the mean out-of-sample
 * value of that metric.
 */
@ApplicationScoped
public class SweepRanking {
  @Inject SweepResultStore results;

  static Metric rankingColumn(Sweep sweep) {
    return sweep.walkForward() ? Metric.OOS_SCORE : Metric.named(sweep.rankBy(), "rank_by");
  }

  /** Whether smaller values of {@code metric} rank first in this sweep. */
  static boolean ascending(Sweep sweep, Metric metric) {
    Metric judged =
        switch (metric) {
          case OOS_SCORE, IS_SCORE -> Metric.named(sweep.rankBy(), "rank_by");
          default -> metric;
        };
    return !judged.higherIsBetter();
  }

  List<SweepResult> best(Sweep sweep, int n) {
    Metric column = rankingColumn(sweep);
    return results.page(sweep.id(), List.of(), column, ascending(sweep, column), 0, n);
  }
}
