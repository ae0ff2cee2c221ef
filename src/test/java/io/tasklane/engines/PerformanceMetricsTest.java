package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PerformanceMetricsTest {

  @Test
  void max_drawdown_of_a_known_path_is_the_largest_peak_to_trough_fall() {
    // Falls: 120 -> 90 is 25 %, 130 -> 65 is 50 %; the later rise to 70 does not undo the trough.
    double[] equity = {100, 120, 90, 130, 65, 70};

    assertEquals(0.5, PerformanceMetrics.maxDrawdown(equity), 1e-12);
  }

  @Test
  void max_drawdown_of_a_monotonic_rising_series_is_zero() {
    assertEquals(0.0, PerformanceMetrics.maxDrawdown(new double[] {1, 2, 2, 3, 10}));
  }

  @Test
  void max_drawdown_of_a_single_value_is_zero() {
    assertEquals(0.0, PerformanceMetrics.maxDrawdown(new double[] {42}));
  }

  @Test
  void sharpe_ratio_of_a_hand_computed_series_is_mean_over_sample_stdev_annualised() {
    // Returns: 110/100-1 = 0.1, 99/110-1 = -0.1, 108.9/99-1 = 0.1.
    // mean = 0.1/3 = 1/30.
    // deviations = 2/30, -4/30, 2/30; squares sum = (4 + 16 + 4)/900 = 24/900.
    // sample variance = (24/900)/2 = 12/900, stdev = sqrt(12)/30.
    // per-bar Sharpe = (1/30) / (sqrt(12)/30) = 1/sqrt(12).
    // annualised with 365 periods: sqrt(365)/sqrt(12) = sqrt(365/12) = 5.5151307...
    double[] equity = {100, 110, 99, 108.9};

    assertEquals(Math.sqrt(365.0 / 12.0), PerformanceMetrics.sharpeRatio(equity, 365), 1e-9);
    assertEquals(5.515130702, PerformanceMetrics.sharpeRatio(equity, 365), 1e-9);
  }

  @Test
  void sharpe_ratio_of_flat_equity_is_zero() {
    assertEquals(0.0, PerformanceMetrics.sharpeRatio(new double[] {500, 500, 500, 500}, 8_760));
  }

  @Test
  void sharpe_ratio_needs_at_least_two_returns() {
    assertEquals(0.0, PerformanceMetrics.sharpeRatio(new double[] {100, 110}, 365));
    assertEquals(0.0, PerformanceMetrics.sharpeRatio(new double[] {100}, 365));
  }

  @Test
  void sharpe_ratio_of_a_steadily_falling_series_with_varying_losses_is_negative() {
    // Returns: -0.1, -0.2 -> mean -0.15, sample stdev sqrt(0.005) = 0.0707107 -> -2.1213203
    // per bar; with 1 period a year that is the answer.
    double[] equity = {100, 90, 72};

    assertEquals(-0.15 / Math.sqrt(0.005), PerformanceMetrics.sharpeRatio(equity, 1), 1e-9);
  }

  @Test
  void sharpe_ratio_rejects_a_non_positive_number_of_periods() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PerformanceMetrics.sharpeRatio(new double[] {1, 2, 3}, 0));
  }

  @Test
  void total_return_is_last_over_initial_minus_one() {
    assertEquals(0.25, PerformanceMetrics.totalReturn(1_000, 1_250), 1e-12);
    assertEquals(-0.2, PerformanceMetrics.totalReturn(1_000, 800), 1e-12);
    assertEquals(0.0, PerformanceMetrics.totalReturn(1_000, 1_000));
  }

  @Test
  void cagr_of_a_doubling_over_two_years_is_sqrt_two_minus_one() {
    assertEquals(Math.sqrt(2) - 1, PerformanceMetrics.cagr(1_000, 2_000, 2), 1e-12);
    assertEquals(0.5, PerformanceMetrics.cagr(100, 150, 1), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> PerformanceMetrics.cagr(100, 150, 0));
  }

  @Test
  void cagr_counts_the_calendar_time_between_the_first_and_last_bar() {
    // 2020-01-01 to 2022-01-01 is 731 days, 731 / 365.25 years.
    long first = 1_577_836_800L;
    long last = first + 731 * 86_400L;
    double years = Annualisation.yearsBetween(first, last);
    assertEquals(731 / 365.25, years, 1e-12);
    assertEquals(
        Math.pow(2, 365.25 / 731) - 1, PerformanceMetrics.cagr(1_000, 2_000, years), 1e-12);
  }

  @Test
  void annualised_volatility_is_the_sample_stdev_of_returns_times_root_periods() {
    // Returns 0.1, -0.1, 0.1: sample stdev sqrt(12)/30 (see the Sharpe test), times sqrt(365).
    double[] equity = {100, 110, 99, 108.9};
    assertEquals(
        Math.sqrt(12) / 30 * Math.sqrt(365),
        PerformanceMetrics.annualisedVolatility(equity, 365),
        1e-12);
  }

  @Test
  void sortino_ratio_divides_the_mean_by_the_downside_deviation() {
    // Returns 0.1, -0.1, 0.1: mean 1/30; downside deviation sqrt(0.01 / 3) = 0.1 / sqrt(3).
    // Per bar: (1/30) / (0.1/sqrt(3)) = sqrt(3) / 3; annualised times sqrt(365).
    double[] equity = {100, 110, 99, 108.9};
    assertEquals(
        Math.sqrt(3) / 3 * Math.sqrt(365), PerformanceMetrics.sortinoRatio(equity, 365), 1e-9);
    assertEquals(0.0, PerformanceMetrics.sortinoRatio(new double[] {1, 2, 3, 4}, 365));
  }
}
