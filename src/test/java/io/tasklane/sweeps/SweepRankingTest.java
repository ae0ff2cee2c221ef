package io.tasklane.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SweepRankingTest {
  private static Sweep sweep(String rankBy, boolean walkForward) {
    return new Sweep(
        UUID.randomUUID(),
        "u",
        Sweep.RUNNING,
        "sma_crossover",
        "{}",
        1,
        rankBy,
        walkForward,
        Instant.EPOCH,
        null);
  }

  @Test
  void a_sweep_ranks_by_its_metric_in_that_metrics_better_direction() {
    assertEquals(Metric.SHARPE_RATIO, SweepRanking.rankingColumn(sweep("sharpe_ratio", false)));
    assertFalse(SweepRanking.ascending(sweep("sharpe_ratio", false), Metric.SHARPE_RATIO));
    assertTrue(SweepRanking.ascending(sweep("max_drawdown", false), Metric.MAX_DRAWDOWN));
  }

  @Test
  void a_walk_forward_sweep_ranks_by_the_out_of_sample_figure() {
    assertEquals(Metric.OOS_SCORE, SweepRanking.rankingColumn(sweep("sharpe_ratio", true)));
    assertFalse(SweepRanking.ascending(sweep("sharpe_ratio", true), Metric.OOS_SCORE));
    assertTrue(SweepRanking.ascending(sweep("max_drawdown", true), Metric.OOS_SCORE));
  }

  @Test
  void overfitting_is_an_out_of_sample_figure_less_than_half_as_good() {
    assertTrue(SweepChunkHandler.overfits(Metric.SHARPE_RATIO, 2.0, 0.5));
    assertFalse(SweepChunkHandler.overfits(Metric.SHARPE_RATIO, 2.0, 1.5));
    assertFalse(SweepChunkHandler.overfits(Metric.SHARPE_RATIO, -0.5, -1.0));
    assertTrue(SweepChunkHandler.overfits(Metric.MAX_DRAWDOWN, 0.1, 0.3));
    assertFalse(SweepChunkHandler.overfits(Metric.MAX_DRAWDOWN, 0.1, 0.15));
  }
}
