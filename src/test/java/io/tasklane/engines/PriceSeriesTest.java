package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PriceSeriesTest {

  @Test
  void size_is_the_number_of_bars() {
    double[] one = {1};
    PriceSeries series =
        new PriceSeries("X", Timeframe.D1, new long[] {0}, one, one, one, one, one);

    assertEquals(1, series.size());
  }

  @Test
  void arrays_of_different_lengths_are_rejected_naming_the_odd_one() {
    double[] two = {1, 2};
    double[] three = {1, 2, 3};

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new PriceSeries("X", Timeframe.D1, new long[] {0, 60}, two, two, two, three, two));

    assertEquals("close has 3 values but epochSeconds has 2", error.getMessage());
  }

  @Test
  void an_empty_series_is_rejected() {
    double[] none = {};

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> new PriceSeries("X", Timeframe.D1, new long[0], none, none, none, none, none));

    assertEquals("a price series needs at least one bar", error.getMessage());
  }
}
