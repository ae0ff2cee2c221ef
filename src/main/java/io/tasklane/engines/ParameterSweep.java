package io.tasklane.engines;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Many parameter sets of a strategy over one series: the series is loaded once and shared read-only
 * by every run, each run is an ordinary backtest ({@link Strategy#run}), so its figures are those
 * of a {@code backtest} task with the same parameters.
 */
public final class ParameterSweep {
  private ParameterSweep() {}

  /** One series with the settings every run over it shares. */
  public record Series(PriceSeries bars, BacktestSettings settings, Double periodsPerYear) {}

  /**
   * A rolling walk-forward window: in-sample bars {@code [trainFrom, testFrom)}, out-of-sample
   * {@code [testFrom, testTo)}.
   */
  public record Fold(int trainFrom, int testFrom, int testTo) {}

  /** A parameter set's figures on one fold. */
  public record FoldMetrics(RunMetrics inSample, RunMetrics outOfSample) {}

  public static RunMetrics run(Series series, StrategySpec strategy) {
    return RunMetrics.of(
        strategy.strategy(null).run(series.bars(), series.settings(), null),
        series.periodsPerYear());
  }

  /**
   * Rolling folds of {@code trainBars} then {@code testBars}, each starting {@code testBars} after
   * the previous one, as many as fit in {@code bars}.
   */
  public static List<Fold> folds(int bars, int trainBars, int testBars) {
    List<Fold> folds = new ArrayList<>();
    for (int from = 0; from + trainBars + testBars <= bars; from += testBars) {
      folds.add(new Fold(from, from + trainBars, from + trainBars + testBars));
    }
    return folds;
  }

  /**
   * {@code n} rolling folds whose in-sample part is three times the out-of-sample one, the usual
   * 75/25 split, covering as much of {@code bars} as whole bars allow.
   */
  public static List<Fold> folds(int bars, int n) {
    int test = bars / (n + 3);
    return folds(bars, 3 * test, test);
  }

  /**
   * The figures of {@code strategy} on each fold. Positions are decided once over the whole series
   * (each decision sees only bars up to its own), so every window starts with warmed-up indicators
   * and no window looks ahead; each window is then traded from cash as a backtest of its own.
   */
  public static List<FoldMetrics> walkForward(
      Series series, StrategySpec strategy, List<Fold> folds) {
    byte[] positions = strategy.strategy(null).positions(series.bars());
    List<FoldMetrics> metrics = new ArrayList<>(folds.size());
    for (Fold fold : folds) {
      metrics.add(
          new FoldMetrics(
              window(series, positions, fold.trainFrom(), fold.testFrom()),
              window(series, positions, fold.testFrom(), fold.testTo())));
    }
    return metrics;
  }

  private static RunMetrics window(Series series, byte[] positions, int from, int to) {
    PriceSeries bars = series.bars();
    PriceSeries slice =
        new PriceSeries(
            bars.symbol(),
            bars.timeframe(),
            Arrays.copyOfRange(bars.epochSeconds(), from, to),
            Arrays.copyOfRange(bars.open(), from, to),
            Arrays.copyOfRange(bars.high(), from, to),
            Arrays.copyOfRange(bars.low(), from, to),
            Arrays.copyOfRange(bars.close(), from, to),
            Arrays.copyOfRange(bars.volume(), from, to));
    return RunMetrics.of(
        Backtester.run(slice, Arrays.copyOfRange(positions, from, to), series.settings(), null),
        series.periodsPerYear());
  }
}
