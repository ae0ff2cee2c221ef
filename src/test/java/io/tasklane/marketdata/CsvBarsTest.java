package io.tasklane.marketdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tasklane.engines.PriceSeries;
import io.tasklane.engines.Timeframe;
import java.io.StringReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvBarsTest {
  static final String GOOD =
      """
      date,open,high,low,close,volume
      2024-01-01,100,110,95,105,1000
      2024-01-02,105,108,101,102,1200
      2024-01-03,102,104,99,103,900
      """;

  private static PriceSeries read(String csv, Timeframe timeframe) {
    return CsvBars.read(
        new StringReader(csv),
        "TEST",
        timeframe,
        CsvBars.DEFAULT_MAX_GAP_BARS,
        CsvBars.AcceptedTimes.ANY);
  }

  @org.junit.jupiter.api.Test
  void a_good_file_gives_its_bars_in_order() {
    PriceSeries series = read(GOOD, Timeframe.D1);

    assertEquals(3, series.size());
    assertArrayEquals(
        new long[] {1_704_067_200L, 1_704_153_600L, 1_704_240_000L}, series.epochSeconds());
    assertArrayEquals(new double[] {105, 102, 103}, series.close());
    assertArrayEquals(new double[] {1000, 1200, 900}, series.volume());
  }

  @org.junit.jupiter.api.Test
  void columns_may_come_in_any_order_and_case_and_times_in_any_supported_form() {
    String csv =
        """
        Close,Volume,Timestamp,Open,Low,High,Trades
        105,1,2024-01-01T00:00:00Z,100,95,110,1
        102,1,2024-01-01 01:00:00,105,101,108,1
        103,1,1704074400,102,99,104,1
        """;
    PriceSeries series = read(csv, Timeframe.H1);
    assertArrayEquals(
        new long[] {1_704_067_200L, 1_704_070_800L, 1_704_074_400L}, series.epochSeconds());
    assertArrayEquals(new double[] {100, 105, 102}, series.open());
  }

  @org.junit.jupiter.api.Test
  void weekend_gaps_in_daily_data_are_accepted() {
    String csv =
        """
        date,open,high,low,close
        2024-01-05,100,110,95,105
        2024-01-08,105,108,101,102
        """;
    assertEquals(2, read(csv, Timeframe.D1).size());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "out of order|2024-01-01,1,1,1,1;2024-01-03,1,1,1,1;2024-01-02,1,1,1,1|line 4: 2024-01-02T00:00:00Z is not after the previous bar 2024-01-03T00:00:00Z",
        "duplicate time|2024-01-01,1,1,1,1;2024-01-01,1,1,1,1|line 3: 2024-01-01T00:00:00Z is not after the previous bar",
        "gap|2024-01-01,1,1,1,1;2024-01-20,1,1,1,1|line 3: gap of 18 missing 1d bars after 2024-01-01T00:00:00Z (at most 4 allowed",
        "zero price|2024-01-01,1,1,1,1;2024-01-02,0,1,0,1|line 3: open must be a positive price, got 0",
        "negative close|2024-01-01,1,1,1,-3|line 2: close must be a positive price, got -3",
        "not a number|2024-01-01,1,1,1,1;2024-01-02,abc,1,1,1|line 3: open is not a number: 'abc'",
        "missing field|2024-01-01,1,1,1,1;2024-01-02,1,1,1|line 3: expected 5 fields like the header, found 4",
        "bad date|2024-13-01,1,1,1,1|line 2: '2024-13-01' is not a time",
        "high below close|2024-01-01,1,1.5,1,2|line 2: high 1.5 is below the open or the close",
        "low above open|2024-01-01,1,2,1.5,2|line 2: low 1.5 is above the open or the close",
        "off the boundary|2024-01-01T12:00:00Z,1,1,1,1|line 2: 2024-01-01T12:00:00Z is not on a 1d bar boundary",
      })
  void each_kind_of_bad_row_is_refused_with_its_line_number(
      String kind, String rows, String expected) {
    String csv = "date,open,high,low,close\n" + rows.replace(';', '\n') + "\n";
    CsvBars.Invalid e = assertThrows(CsvBars.Invalid.class, () -> read(csv, Timeframe.D1));
    assertEquals(400, e.status());
    assertEquals(
        true, e.getMessage().startsWith(expected), () -> kind + " gave: " + e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty||The CSV is empty",
        "header only|date,open,high,low,close|The CSV has a header but no bars",
        "no close column|date,open,high,low;2024-01-01,1,1,1|line 1: the header has no close column",
        "negative volume|date,open,high,low,close,volume;2024-01-01,1,1,1,1,-5|line 2: volume must not be negative",
      })
  void bad_files_are_refused(String kind, String csv, String expected) {
    String text = csv == null ? "" : csv.replace(';', '\n');
    CsvBars.Invalid e = assertThrows(CsvBars.Invalid.class, () -> read(text, Timeframe.D1));
    assertEquals(
        true, e.getMessage().startsWith(expected), () -> kind + " gave: " + e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void epoch_seconds_beyond_any_date_are_refused_not_a_server_error() {
    String csv = "timestamp,open,high,low,close\n8640000000000000000,1,1,1,1\n";
    CsvBars.Invalid e = assertThrows(CsvBars.Invalid.class, () -> read(csv, Timeframe.D1));
    assertEquals(400, e.status());
    assertEquals(2, e.line());
  }

  @org.junit.jupiter.api.Test
  void times_outside_the_accepted_range_are_refused_with_their_line() {
    CsvBars.AcceptedTimes accepted =
        new CsvBars.AcceptedTimes(1_704_067_200L, 1_704_240_000L); // 2024-01-01 .. 2024-01-03

    CsvBars.Invalid late =
        assertThrows(
            CsvBars.Invalid.class,
            () ->
                CsvBars.read(
                    new StringReader(GOOD + "2024-01-04,103,104,99,103,900\n"),
                    "TEST",
                    Timeframe.D1,
                    CsvBars.DEFAULT_MAX_GAP_BARS,
                    accepted));
    assertEquals(5, late.line());
    assertEquals(
        true,
        late.getMessage().contains("'2024-01-04' is outside the accepted range"),
        late::getMessage);
    assertEquals(
        3,
        CsvBars.read(
                new StringReader(GOOD),
                "TEST",
                Timeframe.D1,
                CsvBars.DEFAULT_MAX_GAP_BARS,
                accepted)
            .size());
  }

  @org.junit.jupiter.api.Test
  void epoch_seconds_too_large_for_a_date_are_refused_not_crashed_on() {
    CsvBars.AcceptedTimes accepted = new CsvBars.AcceptedTimes(-2_208_988_800L, 4_102_444_800L);
    String csv = "timestamp,open,high,low,close\n99999999999999999,1,1,1,1\n";

    CsvBars.Invalid e =
        assertThrows(
            CsvBars.Invalid.class,
            () -> CsvBars.read(new StringReader(csv), "TEST", Timeframe.D1, 4, accepted));
    assertEquals(2, e.line());
  }
}
