package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TimeframeTest {

  @Test
  void codes_map_to_their_timeframes() {
    assertEquals(Timeframe.D1, Timeframe.fromCode("1d"));
    assertEquals(Timeframe.H1, Timeframe.fromCode("1h"));
    assertEquals(Timeframe.M1, Timeframe.fromCode("1m"));
  }

  @Test
  void periods_per_year_count_every_calendar_day_around_the_clock() {
    assertEquals(365, Timeframe.D1.periodsPerYear());
    assertEquals(365 * 24, Timeframe.H1.periodsPerYear());
    assertEquals(365 * 24 * 60, Timeframe.M1.periodsPerYear());
    assertEquals(86_400, Timeframe.D1.seconds());
    assertEquals(3_600, Timeframe.H1.seconds());
    assertEquals(60, Timeframe.M1.seconds());
  }

  @Test
  void an_unknown_code_is_rejected_with_the_known_codes_listed() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Timeframe.fromCode("5m"));

    assertEquals("unknown timeframe '5m'; use one of 1d, 1h, 1m", error.getMessage());
  }

  @Test
  void codes_are_case_sensitive_and_null_is_unknown() {
    assertThrows(IllegalArgumentException.class, () -> Timeframe.fromCode("1D"));
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Timeframe.fromCode(null));
    assertEquals("unknown timeframe 'null'; use one of 1d, 1h, 1m", error.getMessage());
  }
}
