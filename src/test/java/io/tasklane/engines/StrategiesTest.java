package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StrategiesTest {
  private static final PriceSeries DAILY =
      SyntheticMarket.generate(
          "STRATEGIES", LocalDate.of(2018, 1, 1), LocalDate.of(2021, 12, 31), Timeframe.D1);

  /** A stand-in model: probabilities from the features of each bar, as a trained model would. */
  private static double[] featureDrivenProbabilities(PriceSeries series) {
    float[] rows = FeatureSet.rows(series);
    double[] p = new double[series.size()];
    for (int i = 0; i < p.length; i++) {
      float momentum = rows[i * FeatureSet.WIDTH + 3];
      float rsi = rows[i * FeatureSet.WIDTH + 5];
      p[i] = Float.isNaN(momentum) ? Double.NaN : 1 / (1 + Math.exp(-(20 * momentum + rsi - 0.5)));
    }
    return p;
  }

  static Stream<Arguments> strategies() {
    Function<PriceSeries, Strategy> sma = s -> new SmaCrossover(5, 20);
    Function<PriceSeries, Strategy> rsi = s -> new RsiMeanReversion(14, 35, 65);
    Function<PriceSeries, Strategy> momentum = s -> new Momentum(20, 0.0);
    Function<PriceSeries, Strategy> ml =
        s -> new PredictedDirection(featureDrivenProbabilities(s), 0.55, 0.5);
    return Stream.of(
        Arguments.of("sma_crossover", sma),
        Arguments.of("rsi_mean_reversion", rsi),
        Arguments.of("momentum", momentum),
        Arguments.of("ml_predictive", ml));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void changing_bars_after_t_never_changes_positions_or_equity_up_to_t(
      String name, Function<PriceSeries, Strategy> build) {
    BacktestSettings settings = new BacktestSettings(10_000, 0.001, 0.0005);
    BacktestResult before = build.apply(DAILY).run(DAILY, settings, null);
    byte[] positionsBefore = build.apply(DAILY).positions(DAILY);
    int checked = 0;
    for (int t = 40; t < DAILY.size() - 2; t += 37) {
      PriceSeries changed = scaleBarsAfter(DAILY, t);
      Strategy strategy = build.apply(changed);
      assertEquals(name, strategy.name());
      byte[] positionsAfter = strategy.positions(changed);
      assertArrayEquals(
          Arrays.copyOfRange(positionsBefore, 0, t + 1),
          Arrays.copyOfRange(positionsAfter, 0, t + 1),
          name + ": positions up to bar " + t);
      BacktestResult after = strategy.run(changed, settings, null);
      // Equity at bar t + 1 is marked at the changed close, so compare up to t.
      assertArrayEquals(
          Arrays.copyOfRange(before.equityCurve(), 0, t + 1),
          Arrays.copyOfRange(after.equityCurve(), 0, t + 1),
          name + ": equity up to bar " + t);
      assertFalse(Arrays.equals(before.equityCurve(), after.equityCurve()));
      checked++;
    }
    assertTrue(checked > 30);
    assertTrue(before.tradeCount() > 3, name + " trades: " + before.tradeCount());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void the_same_bars_give_the_same_result(String name, Function<PriceSeries, Strategy> build) {
    BacktestSettings settings = new BacktestSettings(10_000, 0.001, 0.0005);
    BacktestResult first = build.apply(DAILY).run(DAILY, settings, null);
    BacktestResult second = build.apply(DAILY).run(DAILY, settings, null);
    assertArrayEquals(first.equityCurve(), second.equityCurve());
    assertEquals(first.trades(), second.trades());
  }

  @org.junit.jupiter.api.Test
  void rsi_mean_reversion_buys_below_oversold_and_sells_above_overbought() {
    // Ten falling closes drive the RSI to 0 (long), ten rising ones to 100 (flat again).
    double[] closes = new double[25];
    for (int i = 0; i < 25; i++) {
      closes[i] = i <= 12 ? 100 - i : 88 + 3 * (i - 12);
    }
    byte[] positions = new RsiMeanReversion(3, 30, 70).positions(series(closes));
    assertEquals(0, positions[2], "no RSI yet");
    assertEquals(1, positions[3], "RSI 0 after three falls");
    assertEquals(1, positions[13], "one rise does not lift the RSI above 70");
    assertEquals(0, positions[24]);
  }

  @org.junit.jupiter.api.Test
  void momentum_is_long_only_while_the_lookback_return_beats_the_threshold() {
    double[] closes = {100, 101, 102, 103, 102, 100, 99, 104};
    byte[] positions = new Momentum(2, 0.0).positions(series(closes));
    assertArrayEquals(new byte[] {0, 0, 1, 1, 0, 0, 0, 1}, positions);
  }

  @org.junit.jupiter.api.Test
  void exposure_and_win_rate_count_bars_held_and_winning_round_trips() {
    // Long after bars 0 and 3: fills at opens 1 and 4; flat after bar 1: sell at open 2.
    double[] closes = {10, 11, 12, 13, 14, 15};
    PriceSeries series = series(closes);
    BacktestResult result =
        Backtester.run(
            series, new byte[] {1, 0, 0, 1, 1, 1}, new BacktestSettings(1_000, 0, 0), null);
    assertEquals(2, result.tradeCount());
    assertEquals(1, result.closedTrades());
    assertEquals(1, result.winningTrades());
    assertEquals(Double.valueOf(1.0), result.winRate());
    // Held at the closes of bars 1, 4 and 5.
    assertEquals(3, result.barsInMarket());
    assertEquals(0.5, result.exposure());
  }

  static PriceSeries series(double[] closes) {
    int n = closes.length;
    long[] times = new long[n];
    double[] opens = new double[n];
    double[] highs = new double[n];
    double[] lows = new double[n];
    for (int i = 0; i < n; i++) {
      times[i] = 1_704_067_200L + i * 86_400L;
      opens[i] = i == 0 ? closes[0] : closes[i - 1];
      highs[i] = Math.max(opens[i], closes[i]);
      lows[i] = Math.min(opens[i], closes[i]);
    }
    return new PriceSeries("T", Timeframe.D1, times, opens, highs, lows, closes, new double[n]);
  }

  static PriceSeries scaleBarsAfter(PriceSeries series, int t) {
    double[] open = series.open().clone();
    double[] high = series.high().clone();
    double[] low = series.low().clone();
    double[] close = series.close().clone();
    SplittableRandom random = new SplittableRandom(11);
    for (int i = t + 1; i < series.size(); i++) {
      double factor = 0.5 + random.nextDouble();
      open[i] *= factor;
      high[i] *= factor;
      low[i] *= factor;
      close[i] *= factor;
    }
    return new PriceSeries(
        series.symbol(),
        series.timeframe(),
        series.epochSeconds(),
        open,
        high,
        low,
        close,
        series.volume());
  }
}
