package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacktestResultTest {

  private static final double[] EQUITY = {
    1000, 1000, 1000, 1000, 1000, 1200, 1100, 900, 1250, 1250, 1250, 1500
  };

  @Test
  void downsampled_equity_keeps_the_first_and_last_points_evenly_spaced_between() {
    // Indices k * 11 / 3 rounded down for k = 0..3: 0, 3, 7, 11.
    assertArrayEquals(new double[] {1000, 1000, 900, 1500}, result(EQUITY).downsampledEquity(4));
    assertArrayEquals(new double[] {1000, 1500}, result(EQUITY).downsampledEquity(2));
  }

  @Test
  void downsampled_equity_of_a_short_curve_is_a_copy_of_all_of_it() {
    BacktestResult result = result(EQUITY);

    double[] points = result.downsampledEquity(100);

    assertArrayEquals(EQUITY, points);
    assertNotSame(result.equityCurve(), points);
  }

  @Test
  void downsampled_equity_needs_room_for_the_first_and_last_point() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> result(EQUITY).downsampledEquity(1));

    assertEquals(
        "maxPoints must be >= 2 to keep the first and last value, got 1", error.getMessage());
  }

  @Test
  void the_trade_list_cannot_be_changed_afterwards() {
    List<Trade> trades = new ArrayList<>(List.of(new Trade(0, 1, 60, 2, 1, 1, 1, 1, 0)));
    BacktestResult result =
        new BacktestResult(
            1, 2, 1, 0, 1, 1, 1, 2, 1, 0, 2, trades, new long[2], new double[] {1, 2});

    trades.clear();

    assertEquals(1, result.trades().size());
    assertThrows(UnsupportedOperationException.class, () -> result.trades().clear());
  }

  private static BacktestResult result(double[] equity) {
    return new BacktestResult(
        1000,
        1500,
        0.5,
        0.25,
        2,
        1,
        1,
        equity.length,
        3,
        0,
        0,
        List.of(),
        new long[equity.length],
        equity);
  }
}
