package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BacktestSettingsTest {

  @Test
  void valid_settings_keep_their_values() {
    BacktestSettings settings = new BacktestSettings(10_000, 0.001, 0.0);

    assertEquals(10_000, settings.initialCapital());
    assertEquals(0.001, settings.commissionRate());
    assertEquals(0.0, settings.slippageRate());
  }

  @Test
  void initial_capital_must_be_positive_and_finite() {
    assertEquals("initialCapital must be a finite number > 0, got 0.0", messageOf(0, 0, 0));
    assertEquals("initialCapital must be a finite number > 0, got -5.0", messageOf(-5, 0, 0));
    assertEquals(
        "initialCapital must be a finite number > 0, got NaN", messageOf(Double.NaN, 0, 0));
    assertEquals(
        "initialCapital must be a finite number > 0, got Infinity",
        messageOf(Double.POSITIVE_INFINITY, 0, 0));
  }

  @Test
  void commission_rate_must_be_at_least_zero_and_below_ten_percent() {
    assertEquals("commissionRate must be >= 0 and < 0.1, got -0.001", messageOf(1, -0.001, 0));
    assertEquals("commissionRate must be >= 0 and < 0.1, got 0.1", messageOf(1, 0.1, 0));
    assertEquals("commissionRate must be >= 0 and < 0.1, got NaN", messageOf(1, Double.NaN, 0));
  }

  @Test
  void slippage_rate_must_be_at_least_zero_and_below_ten_percent() {
    assertEquals("slippageRate must be >= 0 and < 0.1, got -0.5", messageOf(1, 0, -0.5));
    assertEquals("slippageRate must be >= 0 and < 0.1, got 0.25", messageOf(1, 0, 0.25));
  }

  private static String messageOf(double capital, double commission, double slippage) {
    return assertThrows(
            IllegalArgumentException.class,
            () -> new BacktestSettings(capital, commission, slippage))
        .getMessage();
  }
}
