package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class SmaCrossoverTest {

  private static final long START = 1_704_067_200L; // 2024-01-01T00:00Z
  private static final long DAY = 86_400L;
  private static final ProgressSink IGNORE_PROGRESS = (done, total) -> {};

  /*
   * Twelve daily bars. With fast = 2 and slow = 3 the averages of the closes are:
   *
   *   bar  close  fast   slow    fast - slow
   *    2     8    8.5    9.0     -0.5
   *    3     9    8.5    8.667   -0.167
   *    4    11   10.0    9.333   +0.667   crosses above -> buy at bar 5's open (10)
   *    5    12   11.5   10.667   +
   *    6    11   11.5   11.333   +
   *    7     9   10.0   10.667   -0.667   crosses below -> sell at bar 8's open (12.5)
   *    8     8    8.5    9.333   -
   *    9     9    8.5    8.667   -
   *   10    10    9.5    9.0     +0.5     crosses above -> buy at bar 11's open (10)
   *   11    12   11.0   10.333   +        last bar: still holding, marked at close 12
   *
   * The opens at the fill bars (10, 12.5, 10) differ from the previous closes on purpose, so a
   * fill at a close instead of the next open would show.
   */
  private static final double[] OPENS = {10, 10, 9, 8, 9, 10, 12, 11, 12.5, 8, 9, 10};
  private static final double[] CLOSES = {10, 9, 8, 9, 11, 12, 11, 9, 8, 9, 10, 12};

  @Test
  void hand_made_series_without_costs_trades_at_the_next_open_after_each_crossover() {
    BacktestResult result =
        new SmaCrossover(2, 3)
            .run(series(OPENS, CLOSES), new BacktestSettings(1_000, 0, 0), IGNORE_PROGRESS);

    // Buy 1000 / 10 = 100 units at bar 5's open; sell them at 12.5 at bar 8's open for 1250;
    // buy 1250 / 10 = 125 units at bar 11's open; 125 * close 12 = 1500 at the end.
    assertEquals(
        List.of(
            new Trade(START + 5 * DAY, 10.0, START + 8 * DAY, 12.5, 100.0, 250.0, 0.25, 3, 0.0)),
        result.trades());
    assertArrayEquals(
        new double[] {1000, 1000, 1000, 1000, 1000, 1200, 1100, 900, 1250, 1250, 1250, 1500},
        result.equityCurve(),
        1e-9);
    assertEquals(1_500, result.finalEquity(), 1e-9);
    assertEquals(0.5, result.totalReturn(), 1e-12);
    assertEquals(2, result.tradeCount()); // one closed, one still open
    assertEquals(1, result.winningTrades());
    assertEquals(12, result.bars());
    assertEquals(1_000, result.initialCapital());
    // Peak 1200 at bar 5, trough 900 at bar 7: 300 / 1200.
    assertEquals(0.25, result.maxDrawdown(), 1e-12);
  }

  @Test
  void hand_made_series_with_costs_pays_slippage_on_fills_and_commission_on_notional() {
    BacktestResult result =
        new SmaCrossover(2, 3)
            .run(series(OPENS, CLOSES), new BacktestSettings(1_000, 0.01, 0.02), IGNORE_PROGRESS);

    // Buy fill 10 * 1.02 = 10.2; units u1 * 10.2 * 1.01 = 1000 -> u1 = 1000 / 10.302
    //   = 97.06853038245.
    // Sell fill 12.5 * 0.98 = 12.25; cash = u1 * 12.25 * 0.99 = 1177.1986022131625,
    //   profit 177.1986022131625.
    // Buy again at 10.2: u2 = 1177.1986022131625 / 10.302 = 114.26893828510605;
    //   final equity u2 * 12 = 1371.2272594212725.
    List<Trade> trades = result.trades();
    assertEquals(1, trades.size());
    Trade trade = trades.get(0);
    assertEquals(START + 5 * DAY, trade.entryEpochSecond());
    assertEquals(10.2, trade.entryPrice(), 1e-12);
    assertEquals(START + 8 * DAY, trade.exitEpochSecond());
    assertEquals(12.25, trade.exitPrice(), 1e-12);
    assertEquals(97.06853038245, trade.units(), 1e-9);
    assertEquals(177.1986022131625, trade.profit(), 1e-9);
    assertEquals(0.1771986022131625, trade.returnOnCash(), 1e-12);
    assertEquals(3, trade.barsHeld());
    // Entry: slippage u1 * 0.2 = 19.41370607649, commission 1000 * 0.01 / 1.01 = 9.900990099;
    // exit: slippage u1 * 0.25 = 24.2671325956, commission u1 * 12.25 * 0.01 = 11.89089497185.
    double tradeCosts = 19.41370607649 + 9.900990099 + 24.2671325956 + 11.89089497185;
    assertEquals(tradeCosts, trade.costs(), 1e-8);
    assertEquals(u1Gross() - tradeCosts, trade.profit(), 1e-8);
    // The open second position paid 1177.1986 * 0.01 / 1.01 commission and u2 * 0.2 slippage.
    double openCosts = 1177.1986022131625 * 0.01 / 1.01 + 114.26893828510605 * 0.2;
    assertEquals(tradeCosts + openCosts, result.totalCosts(), 1e-8);

    double u1 = 97.06853038245;
    double cash = 1177.1986022131625;
    double u2 = 114.26893828510605;
    assertArrayEquals(
        new double[] {
          1000, 1000, 1000, 1000, 1000, u1 * 12, u1 * 11, u1 * 9, cash, cash, cash, u2 * 12
        },
        result.equityCurve(),
        1e-9);
    assertEquals(1371.2272594212725, result.finalEquity(), 1e-9);
    assertEquals(0.3712272594212725, result.totalReturn(), 1e-12);
    assertEquals(2, result.tradeCount());
    assertEquals(1, result.winningTrades());
    // Peak u1 * 12 at bar 5, trough u1 * 9 at bar 7: a quarter again.
    assertEquals(0.25, result.maxDrawdown(), 1e-12);
  }

  /** u1 units bought at open 10 and sold at open 12.5, before costs. */
  private static double u1Gross() {
    return 97.06853038245 * 2.5;
  }

  @Test
  void a_series_too_short_for_the_slow_average_never_trades() {
    double[] prices = {10, 11, 12};

    BacktestResult result =
        new SmaCrossover(2, 3)
            .run(series(prices, prices), new BacktestSettings(500, 0, 0), IGNORE_PROGRESS);

    assertEquals(0, result.tradeCount());
    assertEquals(List.of(), result.trades());
    assertArrayEquals(new double[] {500, 500, 500}, result.equityCurve());
    assertEquals(0.0, result.totalReturn());
  }

  @Test
  void no_decision_uses_bars_after_the_one_it_is_made_at() {
    PriceSeries original =
        SyntheticMarket.generate(
            "LOOK-AHEAD", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 31), Timeframe.H1);
    int t = 1_000;
    PriceSeries changedAfterT = scaleBarsAfter(original, t, true);
    SmaCrossover strategy = new SmaCrossover(5, 20);
    BacktestSettings settings = new BacktestSettings(10_000, 0.001, 0.0005);

    BacktestResult before = strategy.run(original, settings, IGNORE_PROGRESS);
    BacktestResult after = strategy.run(changedAfterT, settings, IGNORE_PROGRESS);

    assertArrayEquals(
        Arrays.copyOfRange(before.equityCurve(), 0, t + 1),
        Arrays.copyOfRange(after.equityCurve(), 0, t + 1));
    long timeOfT = original.epochSeconds()[t];
    List<Trade> closedByT = closedBy(before.trades(), timeOfT);
    assertTrue(closedByT.size() >= 5, "the test needs trades before bar t: " + closedByT);
    assertEquals(closedByT, closedBy(after.trades(), timeOfT));
    assertEquals(entriesBy(before.trades(), timeOfT), entriesBy(after.trades(), timeOfT));
    // The change did reach the later bars, so the equality above is not vacuous.
    assertFalse(Arrays.equals(before.equityCurve(), after.equityCurve()));
  }

  @Test
  void the_decision_at_every_bar_uses_only_closes_up_to_that_bar() {
    // Stricter than the test above: a peek at bar t + 1's close would change what is filled at
    // bar t + 1's open, which that test cannot see. So for every t, change all prices after t
    // except the open of bar t + 1, where the orders decided at t fill: every trade entered up to
    // bar t + 1 and every trade closed by then must stay exactly the same.
    PriceSeries original =
        SyntheticMarket.generate(
            "LOOK-AHEAD", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 11), Timeframe.H1);
    SmaCrossover strategy = new SmaCrossover(3, 8);
    BacktestSettings settings = new BacktestSettings(10_000, 0.001, 0.0005);
    BacktestResult before = strategy.run(original, settings, IGNORE_PROGRESS);
    int entriesChecked = 0;

    for (int t = 8; t < original.size() - 100; t++) {
      BacktestResult after =
          strategy.run(scaleBarsAfter(original, t, false), settings, IGNORE_PROGRESS);

      long timeOfNextOpen = original.epochSeconds()[t + 1];
      assertArrayEquals(
          Arrays.copyOfRange(before.equityCurve(), 0, t + 1),
          Arrays.copyOfRange(after.equityCurve(), 0, t + 1),
          "equity up to bar " + t);
      assertEquals(
          closedBy(before.trades(), timeOfNextOpen),
          closedBy(after.trades(), timeOfNextOpen),
          "trades closed by bar " + (t + 1));
      assertEquals(
          entriesBy(before.trades(), timeOfNextOpen),
          entriesBy(after.trades(), timeOfNextOpen),
          "trades entered by bar " + (t + 1));
      entriesChecked += entriesBy(before.trades(), timeOfNextOpen).size();
    }
    assertTrue(entriesChecked > 1_000, "entries compared: " + entriesChecked);
  }

  @Test
  void progress_rises_in_steps_of_about_one_percent_and_ends_at_the_total() {
    PriceSeries series = hourlyBars(1_008); // 42 days
    List<long[]> calls = new ArrayList<>();

    new SmaCrossover(3, 10)
        .run(
            series,
            new BacktestSettings(1_000, 0, 0),
            (done, total) -> calls.add(new long[] {done, total}));

    long previous = 0;
    for (long[] call : calls) {
      assertEquals(1_008, call[1]);
      assertTrue(call[0] > previous, "barsDone rises: " + call[0] + " after " + previous);
      assertTrue(call[0] - previous <= 11, "at most ceil(1 %) of 1008 bars between calls");
      previous = call[0];
    }
    assertArrayEquals(new long[] {1_008, 1_008}, calls.get(calls.size() - 1));
    assertTrue(calls.size() >= 90 && calls.size() <= 101, "calls: " + calls.size());
  }

  @Test
  void progress_reaches_the_total_when_it_is_not_a_multiple_of_the_step() {
    PriceSeries series = hourlyBars(24 * 7); // 168 bars, step of 2
    List<Long> done = new ArrayList<>();

    new SmaCrossover(3, 10)
        .run(series, new BacktestSettings(1_000, 0, 0), (d, total) -> done.add(d));

    assertEquals(84, done.size());
    assertEquals(168L, done.get(done.size() - 1));
  }

  @Test
  void an_exception_from_the_sink_aborts_the_run_unchanged() {
    PriceSeries series = hourlyBars(1_008);
    IllegalStateException stop = new IllegalStateException("cancelled by caller");
    List<Long> seen = new ArrayList<>();

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                new SmaCrossover(3, 10)
                    .run(
                        series,
                        new BacktestSettings(1_000, 0, 0),
                        (done, total) -> {
                          seen.add(done);
                          if (seen.size() == 3) {
                            throw stop;
                          }
                        }));

    assertSame(stop, thrown);
    assertEquals(3, seen.size()); // nothing ran on after the abort
  }

  @Test
  void an_interrupted_thread_cancels_the_run_and_keeps_its_interrupt_flag() {
    PriceSeries series = hourlyBars(1_008);
    List<Long> seen = new ArrayList<>();
    boolean stillInterrupted;

    Thread.currentThread().interrupt();
    CancellationException error;
    try {
      error =
          assertThrows(
              CancellationException.class,
              () ->
                  new SmaCrossover(3, 10)
                      .run(series, new BacktestSettings(1_000, 0, 0), (d, t) -> seen.add(d)));
    } finally {
      stillInterrupted = Thread.interrupted();
    }

    assertEquals("backtest interrupted", error.getMessage());
    assertTrue(stillInterrupted);
    assertEquals(List.of(), seen);
  }

  @Test
  void a_null_sink_means_no_progress_reporting() {
    BacktestResult result =
        new SmaCrossover(2, 3).run(series(OPENS, CLOSES), new BacktestSettings(1_000, 0, 0), null);

    assertEquals(1_500, result.finalEquity(), 1e-9);
  }

  @Test
  void only_the_last_ten_thousand_closed_trades_are_kept_but_all_are_counted() {
    // Closes alternate 1, 2, 1, 2, ... so with fast 1 and slow 2 the fast average crosses above
    // on every odd bar and below on every even one: buys fill at even bars 4, 6, ..., 20004 and
    // sells at odd bars 5, 7, ..., 20005, which is 10,001 round trips. Even opens are 1 and odd
    // opens 1.001, so each one wins 0.1 %.
    int bars = 20_006;
    double[] opens = new double[bars];
    double[] closes = new double[bars];
    for (int i = 0; i < bars; i++) {
      opens[i] = i % 2 == 0 ? 1.0 : 1.001;
      closes[i] = i % 2 == 0 ? 1.0 : 2.0;
    }

    BacktestResult result =
        new SmaCrossover(1, 2)
            .run(series(opens, closes), new BacktestSettings(1, 0, 0), IGNORE_PROGRESS);

    assertEquals(10_001, result.tradeCount());
    assertEquals(10_001, result.winningTrades());
    assertEquals(10_000, result.trades().size());
    Trade oldestKept = result.trades().get(0);
    Trade newest = result.trades().get(9_999);
    assertEquals(START + 6 * DAY, oldestKept.entryEpochSecond());
    assertEquals(START + 20_004 * DAY, newest.entryEpochSecond());
    assertEquals(START + 20_005 * DAY, newest.exitEpochSecond());
    // Each round trip multiplies cash by 1.001 and the last one ends flat.
    assertEquals(Math.pow(1.001, 10_001), result.finalEquity(), 1e-6);
  }

  @Test
  void periods_must_satisfy_one_up_to_fast_below_slow_up_to_ten_thousand() {
    assertEquals("fastPeriod must be >= 1, got 0", periodsError(0, 5));
    assertEquals(
        "fastPeriod must be less than slowPeriod, got fastPeriod=5 and slowPeriod=5",
        periodsError(5, 5));
    assertEquals(
        "fastPeriod must be less than slowPeriod, got fastPeriod=20 and slowPeriod=10",
        periodsError(20, 10));
    assertEquals("slowPeriod must be <= 10000, got 10001", periodsError(50, 10_001));
    assertNotEquals(null, new SmaCrossover(1, 10_000));
  }

  private static String periodsError(int fast, int slow) {
    return assertThrows(IllegalArgumentException.class, () -> new SmaCrossover(fast, slow))
        .getMessage();
  }

  private static PriceSeries series(double[] opens, double[] closes) {
    int bars = closes.length;
    long[] times = new long[bars];
    double[] highs = new double[bars];
    double[] lows = new double[bars];
    double[] volumes = new double[bars];
    for (int i = 0; i < bars; i++) {
      times[i] = START + i * DAY;
      highs[i] = Math.max(opens[i], closes[i]);
      lows[i] = Math.min(opens[i], closes[i]);
      volumes[i] = 100;
    }
    return new PriceSeries("HAND", Timeframe.D1, times, opens, highs, lows, closes, volumes);
  }

  private static PriceSeries hourlyBars(int bars) {
    LocalDate start = LocalDate.of(2024, 1, 1);
    return SyntheticMarket.generate("PROGRESS", start, start.plusDays(bars / 24 - 1), Timeframe.H1);
  }

  /**
   * A copy whose prices after bar {@code t} are each scaled by an unrelated random factor, the open
   * of bar {@code t + 1} only if {@code includingNextOpen}.
   */
  private static PriceSeries scaleBarsAfter(PriceSeries series, int t, boolean includingNextOpen) {
    double[] open = series.open().clone();
    double[] high = series.high().clone();
    double[] low = series.low().clone();
    double[] close = series.close().clone();
    SplittableRandom random = new SplittableRandom(7);
    for (int i = t + 1; i < series.size(); i++) {
      double factor = 0.5 + random.nextDouble();
      if (i > t + 1 || includingNextOpen) {
        open[i] *= factor;
      }
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

  private static List<Trade> closedBy(List<Trade> trades, long epochSecond) {
    return trades.stream().filter(trade -> trade.exitEpochSecond() <= epochSecond).toList();
  }

  /** Entry time, price and units of the trades entered at or before the given time. */
  private static List<List<Double>> entriesBy(List<Trade> trades, long epochSecond) {
    return trades.stream()
        .filter(trade -> trade.entryEpochSecond() <= epochSecond)
        .map(trade -> List.of((double) trade.entryEpochSecond(), trade.entryPrice(), trade.units()))
        .toList();
  }
}
