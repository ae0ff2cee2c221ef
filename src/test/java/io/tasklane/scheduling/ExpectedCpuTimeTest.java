package io.tasklane.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpectedCpuTimeTest {
  static final ExpectedCpuTime DEFAULTS = new ExpectedCpuTime(key -> Optional.empty());

  static String range(String start, String end, String timeframe) {
    return "{\"start_date\":\""
        + start
        + "\",\"end_date\":\""
        + end
        + "\""
        + (timeframe == null ? "" : ",\"timeframe\":\"" + timeframe + "\"")
        + "}";
  }

  @Test
  void a_one_year_daily_backtest_is_short_and_two_years_of_minutes_are_not() {
    double daily = DEFAULTS.millis("backtest", range("2023-01-01", "2023-12-31", null));
    double minutes = DEFAULTS.millis("backtest", range("2022-01-01", "2023-12-31", "1m"));

    assertEquals(10 + 0.365, daily, 1e-9);
    assertTrue(daily < 200);
    assertEquals(10 + 730 * 1_440 / 1000.0, minutes, 1e-9);
    assertTrue(minutes > 200);
  }

  @Test
  void a_configured_cost_replaces_the_types_default() {
    Map<String, Double> settings =
        Map.of(
            "tasklane.tasks.backtest.cpu-ms", 50.0,
            "tasklane.tasks.backtest.cpu-ms-per-1000-bars", 0.0);
    ExpectedCpuTime configured = new ExpectedCpuTime(key -> Optional.ofNullable(settings.get(key)));

    assertEquals(50, configured.millis("backtest", range("2022-01-01", "2023-12-31", "1m")), 0);
  }

  @Test
  void training_and_unknown_types_are_never_short() {
    assertEquals(60_000, DEFAULTS.millis("model_training", "{}"), 0);
    assertEquals(Double.POSITIVE_INFINITY, DEFAULTS.millis("quantconnect_backtest", "{}"), 0);
  }

  @Test
  void parameters_without_a_range_have_no_bars() {
    assertEquals(10, DEFAULTS.millis("backtest", "{\"symbol\":\"BTC_USDT\"}"), 1e-9);
  }

  @Test
  void a_learned_profile_replaces_the_default_and_types_without_history_keep_it() {
    ExpectedCpuTime learned =
        new ExpectedCpuTime(
            key -> Optional.empty(),
            (type, size) ->
                type.equals("model_training") ? Optional.of(150.0) : Optional.<Double>empty());

    assertEquals(150, learned.millis("model_training", "{}"), 0, "now short: measured");
    assertEquals("its profile", learned.expect("model_training", "{}").basis());
    assertEquals(
        10 + 0.365,
        learned.millis("backtest", range("2023-01-01", "2023-12-31", null)),
        1e-9,
        "no history: the default");
  }

  @Test
  void without_a_profile_the_admission_log_says_the_types_defaults_decided() {
    ExpectedCpuTime expected = new ExpectedCpuTime(key -> Optional.empty());

    assertEquals(
        "its type's defaults",
        expected
            .expect("backtest", "{\"start_date\":\"2024-01-01\",\"end_date\":\"2024-12-31\"}")
            .basis());
  }
}
