package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Buy-and-hold of ten gapless daily bars (each open is the previous close), 0.1 % commission and
 * 0.05 % slippage:
 *
 * <pre>
 * bar    0    1    2    3    4    5    6    7    8    9
 * close 100  110  105  120   90   95  100  130  125  140
 * </pre>
 *
 * The benchmark buys at bar 1's open (100) for 100 × 1.0005 and pays 0.1 % on that, so it ends at
 * {@code 1000 × 140 / (100 × 1.0005 × 1.001)}; its deepest fall is 120 to 90, a quarter.
 */
class BenchmarkTest {
  private static final long JAN_1 = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
  private static final BacktestSettings COSTS = new BacktestSettings(1_000, 0.001, 0.0005);
  private static final double[] CLOSE = {100, 110, 105, 120, 90, 95, 100, 130, 125, 140};

  static PriceSeries gapless(double[] close) {
    int bars = close.length;
    long[] time = new long[bars];
    double[] open = new double[bars];
    for (int i = 0; i < bars; i++) {
      time[i] = JAN_1 + i * 86_400L;
      open[i] = i == 0 ? close[0] : close[i - 1];
    }
    return new PriceSeries("HAND", Timeframe.D1, time, open, close, close, close, new double[bars]);
  }

  private static Benchmark benchmarkOf(PriceSeries series, byte[] positions) {
    BacktestResult result = Backtester.run(series, positions, COSTS, null);
    return Benchmark.of(new BuyAndHold(series, COSTS), result, BacktestStatistics.of(result, null));
  }

  private static byte[] always(int bars, int position) {
    byte[] positions = new byte[bars];
    Arrays.fill(positions, (byte) position);
    return positions;
  }

  /** A slow sine wave with a drift: sixty days, long enough to annualise. */
  private static double[] wave(int bars) {
    double[] close = new double[bars];
    for (int i = 0; i < bars; i++) {
      close[i] = 100 * (1 + 0.002 * i) * (1 + 0.05 * Math.sin(i / 3.0));
    }
    return close;
  }

  @Test
  void buy_and_hold_returns_last_over_first_close_less_the_entry_costs() {
    Benchmark benchmark = benchmarkOf(gapless(CLOSE), always(CLOSE.length, 0));

    assertEquals(1.4 / (1.0005 * 1.001) - 1, benchmark.totalReturn(), 1e-12);
    assertEquals(0.25, benchmark.maxDrawdown(), 1e-12);
    // The strategy never traded, so it missed all of it.
    assertEquals(-benchmark.totalReturn(), benchmark.excessReturn(), 1e-12);
  }

  @Test
  void a_ten_day_run_has_no_annualised_figures_but_beta_and_correlation() {
    Benchmark benchmark = benchmarkOf(gapless(CLOSE), always(CLOSE.length, 1));

    assertNull(benchmark.cagr());
    assertNull(benchmark.alpha());
    assertNull(benchmark.informationRatio());
    assertEquals(1.0, benchmark.beta(), 1e-12);
    assertEquals(1.0, benchmark.correlation(), 1e-12);
  }

  @Test
  void an_always_long_strategy_is_the_benchmark_beta_one_alpha_zero() {
    PriceSeries series = gapless(wave(60));
    BacktestResult result = Backtester.run(series, always(60, 1), COSTS, null);
    BacktestStatistics statistics = BacktestStatistics.of(result, null);
    Benchmark benchmark = Benchmark.of(new BuyAndHold(series, COSTS), result, statistics);

    assertEquals(result.totalReturn(), benchmark.totalReturn(), 1e-15);
    assertEquals(0, benchmark.excessReturn(), 1e-15);
    assertEquals(statistics.cagr(), benchmark.cagr(), 1e-15);
    assertEquals(result.maxDrawdown(), benchmark.maxDrawdown(), 1e-15);
    assertEquals(1.0, benchmark.beta(), 1e-12);
    assertEquals(0.0, benchmark.alpha(), 1e-12);
    assertEquals(1.0, benchmark.correlation(), 1e-12);
    // Active returns are all 0: no spread to divide by.
    assertNull(benchmark.informationRatio());
  }

  @Test
  void a_strategy_that_never_trades_has_beta_zero_and_no_correlation() {
    PriceSeries series = gapless(wave(60));
    Benchmark benchmark = benchmarkOf(series, always(60, 0));

    assertEquals(0.0, benchmark.beta(), 1e-15);
    assertEquals(0.0, benchmark.alpha(), 1e-15);
    assertNull(benchmark.correlation());
    // Active returns are the benchmark's with the sign flipped: a rising market gives a negative
    // IR.
    assertTrue(benchmark.informationRatio() < 0, benchmark::toString);
  }

  @Test
  void a_real_strategy_has_a_correlation_within_bounds_and_a_beta_that_agrees_with_it() {
    PriceSeries series =
        SyntheticMarket.generate(
            "BTC_USDT",
            java.time.LocalDate.parse("2020-01-01"),
            java.time.LocalDate.parse("2023-12-31"),
            Timeframe.D1);
    BacktestResult result = new SmaCrossover(10, 30).run(series, COSTS, null);
    Benchmark benchmark =
        Benchmark.of(new BuyAndHold(series, COSTS), result, BacktestStatistics.of(result, null));

    double correlation = benchmark.correlation();
    assertTrue(correlation > 0 && correlation <= 1, benchmark::toString);
    assertTrue(benchmark.beta() > 0 && benchmark.beta() < 1.5, benchmark::toString);
    assertEquals(result.totalReturn() - benchmark.totalReturn(), benchmark.excessReturn(), 1e-12);
    assertTrue(Double.isFinite(benchmark.alpha()) && Double.isFinite(benchmark.informationRatio()));
  }
}
