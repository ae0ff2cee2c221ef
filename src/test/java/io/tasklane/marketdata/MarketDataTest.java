package io.tasklane.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MarketDataTest {
  static final long DAY = 86_400;

  @Test
  void bars_right_after_or_overlapping_a_stored_series_leave_no_gap() {
    assertEquals(0, MarketData.missingBetween(10 * DAY, 20 * DAY, 21 * DAY, 30 * DAY, DAY));
    assertEquals(0, MarketData.missingBetween(10 * DAY, 20 * DAY, 15 * DAY, 30 * DAY, DAY));
    assertEquals(0, MarketData.missingBetween(10 * DAY, 20 * DAY, 0, 9 * DAY, DAY));
  }

  @Test
  void the_missing_bars_between_a_stored_series_and_new_bars_are_counted_on_either_side() {
    assertEquals(5, MarketData.missingBetween(10 * DAY, 20 * DAY, 26 * DAY, 30 * DAY, DAY));
    assertEquals(4, MarketData.missingBetween(10 * DAY, 20 * DAY, 0, 5 * DAY, DAY));
  }
}
