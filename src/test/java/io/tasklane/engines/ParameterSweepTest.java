package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.tasks.ParameterReader;
import io.tasklane.tasks.TaskContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ParameterSweepTest {
  private final BacktestHandler handler =
      BacktestHandlerTest.handler(BacktestHandlerTest.EVERYTHING_STORED);

  private static JsonObject parameters(int fast, int slow) {
    return Json.createObjectBuilder()
        .add("strategy", "sma_crossover")
        .add("symbol", "BTC_USDT")
        .add("start_date", "2015-01-01")
        .add("end_date", "2024-12-31")
        .add("params", Json.createObjectBuilder().add("fast_period", fast).add("slow_period", slow))
        .build();
  }

  @Test
  void a_swept_run_has_the_figures_of_the_same_backtest_task() throws Exception {
    JsonObject parameters = parameters(12, 40);
    ParameterSweep.Series series = handler.series(parameters);
    RunMetrics swept =
        ParameterSweep.run(
            series, StrategySpec.read(ParameterReader.of(BacktestHandler.check(parameters))));

    JsonObject task =
        handler.run(
            new TaskContext(UUID.randomUUID(), "u", handler.validate(parameters), 1, (d, p) -> {}));

    for (String metric :
        List.of(
            "total_return",
            "cagr",
            "annualised_volatility",
            "sharpe_ratio",
            "sortino_ratio",
            "max_drawdown",
            "win_rate",
            "exposure",
            "trade_count",
            "final_equity",
            "total_costs")) {
      assertEquals(task.getJsonNumber(metric).doubleValue(), swept.value(metric), 0.0, metric);
    }
  }

  @Test
  void rolling_folds_step_by_the_test_window_and_stay_inside_the_series() {
    List<ParameterSweep.Fold> folds = ParameterSweep.folds(1000, 300, 100);
    assertEquals(7, folds.size());
    assertEquals(new ParameterSweep.Fold(0, 300, 400), folds.get(0));
    assertEquals(new ParameterSweep.Fold(600, 900, 1000), folds.get(6));
    List<ParameterSweep.Fold> byCount = ParameterSweep.folds(1000, 4);
    assertEquals(4, byCount.size());
    assertEquals(
        byCount.get(0).testFrom() - byCount.get(0).trainFrom(),
        3 * (byCount.get(0).testTo() - byCount.get(0).testFrom()));
    assertTrue(byCount.get(3).testTo() <= 1000);
  }

  @Test
  void walk_forward_gives_in_and_out_of_sample_figures_per_fold() {
    JsonObject parameters = parameters(10, 30);
    ParameterSweep.Series series = handler.series(parameters);
    StrategySpec spec = StrategySpec.read(ParameterReader.of(BacktestHandler.check(parameters)));
    List<ParameterSweep.Fold> folds = ParameterSweep.folds(series.bars().size(), 3);
    List<ParameterSweep.FoldMetrics> metrics = ParameterSweep.walkForward(series, spec, folds);
    assertEquals(3, metrics.size());
    for (ParameterSweep.FoldMetrics fold : metrics) {
      assertTrue(fold.inSample().finalEquity() > 0);
      assertTrue(fold.outOfSample().finalEquity() > 0);
    }
  }
}
