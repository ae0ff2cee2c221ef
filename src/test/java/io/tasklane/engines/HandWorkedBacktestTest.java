package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fourteen daily bars, three round trips, no costs (costs are worked out by hand in {@link
 * SmaCrossoverTest}): every figure of the result below is computed by hand in the comments.
 *
 * <pre>
 * bar date   open close want  fill                 units  equity at close
 *  0  Jan 25  100  100   1                            0    1000
 *  1  Jan 26  100  110   1    buy at 100            10     1100
 *  2  Jan 27  110  120   0                          10     1200
 *  3  Jan 28  120   90   0    sell at 120 -> 1200    0     1200
 *  4  Jan 29   90  100   1                            0    1200
 *  5  Jan 30  100  130   1    buy at 100            12     1560   peak
 *  6  Jan 31  130  125   1                          12     1500   trough, -60 / 1560
 *  7  Feb  1  125  128   1                          12     1536
 *  8  Feb  2  128  127   0                          12     1524
 *  9  Feb  3  150  120   0    sell at 150 -> 1800    0     1800   recovered
 * 10  Feb  4  120  118   1                            0    1800   peak
 * 11  Feb  5  120  100   0    buy at 120            15     1500   trough, -300 / 1800
 * 12  Feb  6  100  105   0    sell at 100 -> 1500    0     1500
 * 13  Feb  7  105  108   0                            0    1500   never recovered
 * </pre>
 */
class HandWorkedBacktestTest {
  private static final long JAN_25 = Instant.parse("2024-01-25T00:00:00Z").getEpochSecond();
  private static final long DAY = 86_400;
  private static final double[] OPEN = {
    100, 100, 110, 120, 90, 100, 130, 125, 128, 150, 120, 120, 100, 105
  };
  private static final double[] CLOSE = {
    100, 110, 120, 90, 100, 130, 125, 128, 127, 120, 118, 100, 105, 108
  };
  private static final byte[] WANT = {1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0};

  private static final BacktestResult RESULT =
      Backtester.run(series(), WANT, new BacktestSettings(1_000, 0, 0), null);

  private static PriceSeries series() {
    long[] time = new long[OPEN.length];
    double[] high = new double[OPEN.length];
    double[] low = new double[OPEN.length];
    for (int i = 0; i < time.length; i++) {
      time[i] = JAN_25 + i * DAY;
      high[i] = Math.max(OPEN[i], CLOSE[i]);
      low[i] = Math.min(OPEN[i], CLOSE[i]);
    }
    return new PriceSeries("HAND", Timeframe.D1, time, OPEN, high, low, CLOSE, new double[14]);
  }

  private static String day(int bar) {
    return Instant.ofEpochSecond(JAN_25 + bar * DAY).toString();
  }

  @Test
  void equity_and_period_return_follow_the_fills() {
    assertArrayEquals(
        new double[] {
          1000, 1100, 1200, 1200, 1200, 1560, 1500, 1536, 1524, 1800, 1800, 1500, 1500, 1500
        },
        RESULT.equityCurve(),
        1e-9);
    assertEquals(1500, RESULT.finalEquity(), 1e-9);
    assertEquals(0.5, RESULT.totalReturn(), 1e-12);
  }

  @Test
  void three_round_trips_with_their_prices_profits_returns_and_bars_held() {
    assertEquals(
        List.of(
            // 10 units, 100 -> 120: +200 on 1000 spent, Jan 26 to Jan 28 is 2 bars.
            new Trade(JAN_25 + DAY, 100, JAN_25 + 3 * DAY, 120, 10, 200, 0.2, 2, 0),
            // 12 units, 100 -> 150: +600 on 1200.
            new Trade(JAN_25 + 5 * DAY, 100, JAN_25 + 9 * DAY, 150, 12, 600, 0.5, 4, 0),
            // 15 units, 120 -> 100: -300 on 1800.
            new Trade(JAN_25 + 11 * DAY, 120, JAN_25 + 12 * DAY, 100, 15, -300, -1.0 / 6, 1, 0)),
        RESULT.trades());
    assertEquals(3, RESULT.tradeCount());
    assertEquals(3, RESULT.closedTrades());
    // Two of three won.
    assertEquals(2.0 / 3, RESULT.winRate(), 1e-12);
    // Held at the closes of bars 1, 2, 5, 6, 7, 8 and 11: 7 of 14.
    assertEquals(0.5, RESULT.exposure(), 1e-12);
    assertEquals(0, RESULT.totalCosts());
    // Fills 1000 + 1200 + 1200 + 1800 + 1800 + 1500 = 8500 over a mean equity of 19920 / 14.
    assertEquals(8500.0 * 14 / 19920, RESULT.turnover(), 1e-12);
  }

  @Test
  void the_deepest_drawdown_is_the_last_one_and_never_recovered() {
    assertEquals(1.0 / 6, RESULT.maxDrawdown(), 1e-12);
    List<DrawdownPeriod> periods = DrawdownPeriod.of(RESULT.equityCurve());
    assertEquals(
        List.of(
            new DrawdownPeriod(5, 6, 9, 60.0 / 1560), new DrawdownPeriod(10, 11, -1, 300.0 / 1800)),
        periods);

    JsonObject deepest =
        BacktestHandler.drawdown(DrawdownPeriod.deepest(periods), RESULT.barTimes()).asJsonObject();
    assertEquals(day(10), deepest.getString("start"));
    assertEquals(day(11), deepest.getString("trough"));
    assertTrue(deepest.isNull("recovery"));
    // Feb 4 to the last bar, Feb 7.
    assertEquals(3, deepest.getJsonNumber("duration_days").doubleValue());
    assertEquals(3, deepest.getInt("duration_bars"));
  }

  @Test
  void the_longest_drawdown_is_the_first_one_from_jan_30_to_feb_3() {
    JsonObject longest =
        BacktestHandler.drawdown(
                DrawdownPeriod.longest(DrawdownPeriod.of(RESULT.equityCurve()), RESULT.barTimes()),
                RESULT.barTimes())
            .asJsonObject();
    assertEquals(day(5), longest.getString("start"));
    assertEquals(day(6), longest.getString("trough"));
    assertEquals(day(9), longest.getString("recovery"));
    assertEquals(0.038462, longest.getJsonNumber("depth").doubleValue());
    assertEquals(4, longest.getJsonNumber("duration_days").doubleValue());
  }

  @Test
  void january_gained_half_and_february_nothing() {
    // January ends at bar 6 with 1500 from 1000; February ends at 1500 from 1500.
    assertEquals(
        List.of(
            new MonthlyReturn(YearMonth.of(2024, 1), 0.5),
            new MonthlyReturn(YearMonth.of(2024, 2), 0.0)),
        MonthlyReturn.of(1_000, RESULT.barTimes(), RESULT.equityCurve()));
    assertEquals(
        Json.createArrayBuilder()
            .add(Json.createObjectBuilder().add("month", "2024-01").add("return", 0.5))
            .add(Json.createObjectBuilder().add("month", "2024-02").add("return", 0.0))
            .build(),
        BacktestHandler.monthlyReturns(RESULT).build());
  }

  @Test
  void fourteen_bars_are_too_few_to_annualise_on_a_365_day_calendar() {
    BacktestStatistics statistics = BacktestStatistics.of(RESULT, null);
    // Jan 27-28 and Feb 3-4 are weekend bars: 4 of 14, so the market trades every day.
    assertEquals(365, statistics.periodsPerYear());
    assertNull(statistics.cagr());
    assertNull(statistics.sharpeRatio());
    assertNull(statistics.sortinoRatio());
    assertNull(statistics.annualisedVolatility());
    assertEquals(
        List.of(
            "cagr, annualised_volatility, sharpe_ratio and sortino_ratio are null: the run has 14"
                + " bars over 13 days, and annualising needs at least 30 bars and a month."
                + " total_return is the return of the period."),
        statistics.notes());
  }
}
