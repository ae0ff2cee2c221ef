package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticMarketTest {

  private static final long JAN_1_2024 = 1_704_067_200L;

  @Test
  void the_same_arguments_give_identical_bars() {
    PriceSeries first = generateH1("BTC-USD", 2024, 3);
    PriceSeries second = generateH1("BTC-USD", 2024, 3);

    assertArrayEquals(first.epochSeconds(), second.epochSeconds());
    assertArrayEquals(first.open(), second.open());
    assertArrayEquals(first.high(), second.high());
    assertArrayEquals(first.low(), second.low());
    assertArrayEquals(first.close(), second.close());
    assertArrayEquals(first.volume(), second.volume());
  }

  @Test
  void a_different_symbol_gives_a_different_series() {
    PriceSeries bitcoin = generateH1("BTC-USD", 2024, 3);
    PriceSeries ether = generateH1("ETH-USD", 2024, 3);

    assertArrayEquals(bitcoin.epochSeconds(), ether.epochSeconds());
    assertFalse(Arrays.equals(bitcoin.close(), ether.close()));
    assertFalse(Arrays.equals(bitcoin.open(), ether.open()));
  }

  @Test
  void the_seed_is_the_crc32_of_the_symbol_so_it_is_the_same_on_every_jvm() {
    // zlib.crc32(b"BTC-USD") and zlib.crc32(b"ETH-USD") in Python.
    assertEquals(515_687_408L, SyntheticMarket.seedOf("BTC-USD"));
    assertEquals(2_899_037_295L, SyntheticMarket.seedOf("ETH-USD"));
  }

  @Test
  void a_year_of_hourly_bars_keeps_ohlc_invariants() {
    PriceSeries series =
        SyntheticMarket.generate(
            "SOL-USD", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), Timeframe.H1);

    assertEquals(366 * 24, series.size()); // 2024 is a leap year
    assertEquals("SOL-USD", series.symbol());
    assertEquals(Timeframe.H1, series.timeframe());
    for (int i = 0; i < series.size(); i++) {
      double open = series.open()[i];
      double high = series.high()[i];
      double low = series.low()[i];
      double close = series.close()[i];
      assertEquals(JAN_1_2024 + 3_600L * i, series.epochSeconds()[i], "time of bar " + i);
      assertTrue(Double.isFinite(high), "finite high at bar " + i);
      assertTrue(high >= Math.max(open, close), "high >= open, close at bar " + i);
      assertTrue(low <= Math.min(open, close), "low <= open, close at bar " + i);
      assertTrue(low > 0, "positive low at bar " + i);
      assertTrue(series.volume()[i] > 0, "positive volume at bar " + i);
    }
  }

  @Test
  void prices_move_and_sometimes_gap_between_close_and_next_open() {
    PriceSeries series =
        SyntheticMarket.generate(
            "SOL-USD", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), Timeframe.H1);

    int gaps = 0;
    for (int i = 1; i < series.size(); i++) {
      if (series.open()[i] != series.close()[i - 1]) {
        gaps++;
      }
    }
    // About one gap every 30 days, so roughly 12 in a year; far fewer than the bars.
    assertTrue(gaps >= 3 && gaps <= 40, "gaps in a year: " + gaps);
    double[] closes = series.close();
    assertTrue(Arrays.stream(closes).distinct().count() > series.size() / 2);
  }

  @Test
  void a_month_of_daily_bars_has_one_bar_per_day_starting_at_midnight_utc() {
    PriceSeries series =
        SyntheticMarket.generate(
            "BTC-USD", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31), Timeframe.D1);

    assertEquals(31, series.size());
    assertEquals(JAN_1_2024, series.epochSeconds()[0]);
    assertEquals(JAN_1_2024 + 30 * 86_400L, series.epochSeconds()[30]);
  }

  @Test
  void one_day_of_minute_bars_has_1440_bars() {
    LocalDate day = LocalDate.of(2024, 2, 29);

    PriceSeries series = SyntheticMarket.generate("BTC-USD", day, day, Timeframe.M1);

    assertEquals(1_440, series.size());
    assertEquals(1_709_164_800L + 1_439 * 60L, series.epochSeconds()[1_439]);
  }

  @Test
  void an_end_before_the_start_is_rejected() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SyntheticMarket.generate(
                    "BTC-USD", LocalDate.of(2024, 2, 1), LocalDate.of(2024, 1, 31), Timeframe.D1));

    assertEquals("end 2024-01-31 is before start 2024-02-01", error.getMessage());
  }

  @Test
  void a_range_of_more_than_twenty_million_bars_is_rejected() {
    // 2000-01-01..2039-12-31 is 14,610 days = 21,038,400 minute bars.
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SyntheticMarket.generate(
                    "BTC-USD", LocalDate.of(2000, 1, 1), LocalDate.of(2039, 12, 31), Timeframe.M1));

    assertEquals(
        "2000-01-01 to 2039-12-31 at 1m is 21038400 bars; at most 20000000 are allowed",
        error.getMessage());
  }

  private static PriceSeries generateH1(String symbol, int year, int month) {
    LocalDate start = LocalDate.of(year, month, 1);
    return SyntheticMarket.generate(symbol, start, start.plusMonths(1).minusDays(1), Timeframe.H1);
  }

  @Test
  void a_stock_like_symbol_has_no_weekend_bars_and_a_252_day_year() {
    PriceSeries spy =
        SyntheticMarket.generate(
            "SPY", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), Timeframe.D1);

    // 2024 has 366 days, 104 of them on a weekend.
    assertEquals(262, spy.size());
    assertEquals(0.0, Annualisation.weekendShare(spy.epochSeconds()));
    assertEquals(252, Annualisation.periodsPerYear(spy.epochSeconds()), 0);
  }

  @Test
  void a_crypto_pair_trades_every_day_of_a_365_day_year() {
    PriceSeries bitcoin =
        SyntheticMarket.generate(
            "BTC_USDT", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), Timeframe.D1);

    assertEquals(366, bitcoin.size());
    assertEquals(365, Annualisation.periodsPerYear(bitcoin.epochSeconds()), 0);
  }

  @Test
  void stock_like_means_one_to_five_letters_with_an_optional_share_class() {
    assertTrue(SyntheticMarket.tradesOnWeekdaysOnly("SPY"));
    assertTrue(SyntheticMarket.tradesOnWeekdaysOnly("AAPL"));
    assertTrue(SyntheticMarket.tradesOnWeekdaysOnly("BRK.B"));
    assertFalse(SyntheticMarket.tradesOnWeekdaysOnly("BTC_USDT"));
    assertFalse(SyntheticMarket.tradesOnWeekdaysOnly("BTC-USD"));
    assertFalse(SyntheticMarket.tradesOnWeekdaysOnly("STRATEGIES"));
  }
}
