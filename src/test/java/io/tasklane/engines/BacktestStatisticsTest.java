package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BacktestStatisticsTest {
  private static final BacktestSettings NO_COSTS = new BacktestSettings(1_000, 0, 0);

  private static BacktestResult alwaysLong(PriceSeries series) {
    byte[] positions = new byte[series.size()];
    java.util.Arrays.fill(positions, (byte) 1);
    return Backtester.run(series, positions, NO_COSTS, null);
  }

  private static PriceSeries daily(String symbol, LocalDate start, LocalDate end) {
    return SyntheticMarket.generate(symbol, start, end, Timeframe.D1);
  }

  @Test
  void fewer_than_30_bars_leave_the_annualised_figures_null_with_a_note() {
    BacktestResult result =
        alwaysLong(daily("BTC_USDT", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 29)));

    BacktestStatistics statistics = BacktestStatistics.of(result, null);

    assertNull(statistics.cagr());
    assertNull(statistics.sharpeRatio());
    assertNull(statistics.sortinoRatio());
    assertNull(statistics.annualisedVolatility());
    assertTrue(statistics.notes().stream().anyMatch(n -> n.contains("29 bars over 28 days")));
  }

  @Test
  void thirty_hourly_bars_within_a_day_are_still_too_short_to_annualise() {
    PriceSeries hourly =
        SyntheticMarket.generate(
            "BTC_USDT", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2), Timeframe.H1);

    BacktestStatistics statistics = BacktestStatistics.of(alwaysLong(hourly), null);

    assertEquals(48, hourly.size());
    assertNull(statistics.cagr());
    assertNull(statistics.sharpeRatio());
  }

  @Test
  void a_calendar_month_of_daily_bars_is_annualised() {
    BacktestResult result =
        alwaysLong(daily("BTC_USDT", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 1)));

    BacktestStatistics statistics = BacktestStatistics.of(result, null);

    assertNotNull(statistics.cagr());
    assertNotNull(statistics.sharpeRatio());
    assertFalse(statistics.notes().stream().anyMatch(n -> n.contains("cagr")));
  }

  @Test
  void win_rate_is_null_with_a_note_when_no_round_trip_closed() {
    BacktestResult result =
        alwaysLong(daily("BTC_USDT", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 6, 30)));

    assertEquals(1, result.tradeCount());
    assertEquals(0, result.closedTrades());
    assertNull(result.winRate());
    assertTrue(
        BacktestStatistics.of(result, null).notes().stream()
            .anyMatch(n -> n.startsWith("win_rate is null")));
  }

  @Test
  void a_month_is_a_calendar_month_not_thirty_days() {
    long feb1 = java.time.Instant.parse("2024-02-01T00:00:00Z").getEpochSecond();
    long feb29 = java.time.Instant.parse("2024-02-29T00:00:00Z").getEpochSecond();
    long mar1 = java.time.Instant.parse("2024-03-01T00:00:00Z").getEpochSecond();

    assertFalse(BacktestStatistics.spansAMonth(feb1, feb29));
    assertTrue(BacktestStatistics.spansAMonth(feb1, mar1));
  }
}
