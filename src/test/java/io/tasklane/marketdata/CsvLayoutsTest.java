package io.tasklane.marketdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.engines.PriceSeries;
import io.tasklane.engines.Timeframe;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The files people have: Yahoo Finance, Stooq and Binance klines, read as they are downloaded. */
class CsvLayoutsTest {
  private static PriceSeries read(Reader csv, Timeframe timeframe) {
    return CsvBars.read(
        csv, "TEST", timeframe, CsvBars.DEFAULT_MAX_GAP_BARS, CsvBars.AcceptedTimes.ANY);
  }

  private static PriceSeries read(String csv, Timeframe timeframe) {
    return read(new StringReader(csv), timeframe);
  }

  static PriceSeries fixture(String name, Timeframe timeframe) {
    InputStream in = CsvLayoutsTest.class.getResourceAsStream("/marketdata/" + name);
    assertTrue(in != null, name + " is not on the test class path");
    return read(new InputStreamReader(in, StandardCharsets.UTF_8), timeframe);
  }

  private static long epoch(String instant) {
    return Instant.parse(instant).getEpochSecond();
  }

  @Test
  void a_yahoo_file_with_a_split_is_stored_adjusted_without_a_crash_at_the_split() {
    PriceSeries series = fixture("yahoo-split.csv", Timeframe.D1);

    assertEquals(10, series.size());
    // The stored close is the adjusted close; open, high and low move with it (2:1 before the
    // split).
    assertArrayEquals(
        new double[] {
          100.60, 101.30, 102.70, 101.50, 101.10, 102.80, 103.60, 104.90, 103.40, 104.20
        },
        series.close());
    assertEquals(99.00, series.open()[0]);
    assertEquals(101.20, series.high()[0]);
    assertEquals(98.55, series.low()[0]);
    assertEquals(101.40, series.open()[5]); // after the split the ratio is 1: unchanged
    assertEquals(1523400, series.volume()[0]);
    for (int i = 1; i < series.size(); i++) {
      double previous = series.close()[i - 1];
      assertTrue(series.low()[i] > previous * 0.6, "a crash of 40 % or more at bar " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Adj Close", "adj_close", "ADJCLOSE", "adj close", "Adj_Close", "AdjClose"})
  void the_adjusted_close_column_is_recognised_in_any_spelling(String name) {
    String csv = "date,open,high,low,close," + name + "\n2024-01-01,10,12,8,10,5\n";

    PriceSeries series = read(csv, Timeframe.D1);

    assertArrayEquals(new double[] {5}, series.open());
    assertArrayEquals(new double[] {6}, series.high());
    assertArrayEquals(new double[] {4}, series.low());
    assertArrayEquals(new double[] {5}, series.close());
  }

  @Test
  void a_high_equal_to_the_close_stays_equal_after_adjusting() {
    // 19 * (0.1 / 19) is 0.09999999999999999 in binary: a high scaled like that would fall below
    // the adjusted close and refuse a good row.
    String csv = "date,open,high,low,close,adj_close\n2024-01-01,10,19,9,19,0.1\n";

    PriceSeries series = read(csv, Timeframe.D1);

    assertEquals(series.close()[0], series.high()[0]);
    assertEquals(0.1, series.close()[0]);
  }

  @Test
  void adjusted_rows_are_still_checked_and_refused_with_their_line() {
    String highBelowClose =
        "date,open,high,low,close,adj_close\n2024-01-01,1,1,1,1,1\n2024-01-02,1,1.5,1,2,1\n";
    CsvBars.Invalid high =
        assertThrows(CsvBars.Invalid.class, () -> read(highBelowClose, Timeframe.D1));
    assertEquals(3, high.line());
    assertTrue(high.getMessage().contains("is below the open or the close"), high::getMessage);

    String zeroAdjusted = "date,open,high,low,close,adj_close\n2024-01-01,1,1,1,1,0\n";
    CsvBars.Invalid zero =
        assertThrows(CsvBars.Invalid.class, () -> read(zeroAdjusted, Timeframe.D1));
    assertEquals(400, zero.status());
    assertTrue(
        zero.getMessage().startsWith("line 2: adj_close must be a positive price"),
        zero::getMessage);
  }

  @Test
  void a_stooq_daily_file_is_read_as_it_is_downloaded() {
    PriceSeries series = fixture("stooq-daily.csv", Timeframe.D1);

    assertEquals(6, series.size());
    assertEquals(epoch("2024-03-04T00:00:00Z"), series.epochSeconds()[0]);
    assertEquals(epoch("2024-03-11T00:00:00Z"), series.epochSeconds()[5]);
    assertEquals(512.30, series.close()[0]);
    assertEquals(49799269, series.volume()[0]);
  }

  @Test
  void a_headerless_binance_kline_file_in_milliseconds_is_read() {
    PriceSeries series = fixture("binance-klines-ms.csv", Timeframe.D1);

    assertEquals(7, series.size());
    assertEquals(epoch("2024-01-01T00:00:00Z"), series.epochSeconds()[0]);
    assertEquals(epoch("2024-01-07T00:00:00Z"), series.epochSeconds()[6]);
    assertEquals(42283.58, series.open()[0]);
    assertEquals(41985.62, series.close()[0]);
    assertEquals(850.70540067, series.volume()[0]); // the base volume, not the quote volume
  }

  @Test
  void a_binance_spot_file_of_2025_in_microseconds_is_read() {
    PriceSeries series = fixture("binance-klines-us.csv", Timeframe.H1);

    assertEquals(6, series.size());
    assertEquals(epoch("2025-01-01T00:00:00Z"), series.epochSeconds()[0]);
    assertEquals(epoch("2025-01-01T05:00:00Z"), series.epochSeconds()[5]);
    assertEquals(93576.00, series.open()[0]);
  }

  @Test
  void a_bad_row_in_a_binance_file_names_its_line() {
    String csv =
        "1704067200000,10,11,9,10,1,1704153599999,10,5,0.5,5,0\n"
            + "1704153600000,10,9,9,10,1,1704239999999,10,5,0.5,5,0\n";

    CsvBars.Invalid e = assertThrows(CsvBars.Invalid.class, () -> read(csv, Timeframe.D1));

    assertEquals(2, e.line());
    assertTrue(e.getMessage().contains("high 9.0 is below the open or the close"), e::getMessage);
  }

  @Test
  void a_headerless_file_of_another_shape_is_still_refused_for_its_header() {
    String csv = "1704067200000,10,11,9,10,1\n";

    CsvBars.Invalid e = assertThrows(CsvBars.Invalid.class, () -> read(csv, Timeframe.D1));

    assertTrue(e.getMessage().startsWith("line 1: the header has no timestamp"), e::getMessage);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1704067200", "1704067200000", "1704067200000000"})
  void epoch_seconds_milliseconds_and_microseconds_are_told_apart_by_magnitude(String time) {
    String csv = "timestamp,open,high,low,close\n" + time + ",1,1,1,1\n";

    assertArrayEquals(
        new long[] {epoch("2024-01-01T00:00:00Z")}, read(csv, Timeframe.D1).epochSeconds());
  }

  @Test
  void epoch_milliseconds_between_whole_seconds_are_refused() {
    String csv = "timestamp,open,high,low,close\n1704067200123,1,1,1,1\n";

    CsvBars.Invalid e = assertThrows(CsvBars.Invalid.class, () -> read(csv, Timeframe.D1));

    assertEquals(2, e.line());
    assertTrue(e.getMessage().contains("falls between whole seconds"), e::getMessage);
  }

  @Test
  void a_binance_header_naming_open_time_is_read_too() {
    String csv =
        "open_time,open,high,low,close,volume,close_time,quote_volume,count,"
            + "taker_buy_volume,taker_buy_quote_volume,ignore\n"
            + "1704067200000,10,11,9,10,1,1704153599999,10,5,0.5,5,0\n";

    assertEquals(1, read(csv, Timeframe.D1).size());
  }
}
