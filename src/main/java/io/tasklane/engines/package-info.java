/**
 * Local compute engines for the job server: a deterministic synthetic market-data generator ({@link
 * io.tasklane.engines.SyntheticMarket}), trading strategies that backtest over a {@link
 * io.tasklane.engines.PriceSeries} (such as {@link io.tasklane.engines.SmaCrossover}), and the
 * performance metrics computed from their equity curves ({@link
 * io.tasklane.engines.PerformanceMetrics}). The engines are pure Java with no container, JSON or
 * third-party dependencies, so they can be benchmarked and unit-tested in isolation; only the
 * {@code *Handler} classes adapt them to task types (parameters in, JSON results out), and {@link
 * io.tasklane.engines.BacktestReplay} re-runs a finished backtest for its full series (served over
 * HTTP by {@code io.tasklane.results}, so no class here knows JAX-RS or JPA).
 */
package io.tasklane.engines;
