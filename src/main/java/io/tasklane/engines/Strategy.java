package io.tasklane.engines;

/**
 * A long-only trading rule, split from order execution so every strategy is filled, charged and
 * measured the same way by {@link Backtester}.
 *
 * <p>{@link #positions} returns, for every bar {@code i}, whether the strategy wants to hold the
 * asset after bar {@code i}'s close. It may use bars {@code 0..i} only; the backtester fills the
 * change at bar {@code i + 1}'s open, so no decision can look ahead.
 */
public interface Strategy {
  /** The {@code strategy} name on the wire, such as {@code sma_crossover}. */
  String name();

  /** One entry per bar: 1 to be long after that bar's close, 0 to be flat. */
  byte[] positions(PriceSeries series);

  /** Runs this strategy over {@code series}; see {@link Backtester#run}. */
  default BacktestResult run(PriceSeries series, BacktestSettings settings, ProgressSink sink) {
    return Backtester.run(series, positions(series), settings, sink);
  }
}
