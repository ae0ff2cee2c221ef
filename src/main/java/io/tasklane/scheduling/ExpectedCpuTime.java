package io.tasklane.scheduling;

import io.tasklane.engines.Timeframe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * How much CPU time a task is expected to use, which decides whether it is short (see {@link
 * io.tasklane.resources.BurstAllowance}). Until profiles are learned from measurement this is a
 * per-type default: a fixed part ({@code tasklane.tasks.<type>.cpu-ms}) plus a part per 1,000 bars
 * of the date range its parameters name ({@code .cpu-ms-per-1000-bars}; bars = days in {@code
 * start_date}..{@code end_date} × 86,400 s / the {@code timeframe}'s seconds, 1d by default). A
 * one-year daily backtest is 10 + 1 × 0.365 ≈ 10 ms (measured: under 20 ms), a one-year one-minute
 * one 536 ms, two years of minutes over a second. A learned profile replaces {@link #millis} later.
 */
@ApplicationScoped
public class ExpectedCpuTime {
  /** A type's default cost: fixed milliseconds, and milliseconds per 1,000 bars. */
  record Cost(double fixedMs, double msPerThousandBars) {}

  /** Types not listed are never short (a task of a type nobody measured may be heavy). */
  static final Map<String, Cost> DEFAULTS =
      Map.of(
          "backtest", new Cost(10, 1),
          "prediction", new Cost(1_000, 0),
          "model_training", new Cost(60_000, 0));

  private static final Cost UNKNOWN = new Cost(Double.POSITIVE_INFINITY, 0);

  private Function<String, Optional<Double>> setting;

  @Inject
  void configure(Config config) {
    setting = key -> config.getOptionalValue(key, Double.class);
  }

  ExpectedCpuTime() {}

  /** For tests: settings by key. */
  ExpectedCpuTime(Function<String, Optional<Double>> setting) {
    this.setting = setting;
  }

  /** Expected CPU milliseconds of a task of {@code taskType} with these parameters (JSON text). */
  public double millis(String taskType, String parametersJson) {
    Cost defaults = DEFAULTS.getOrDefault(taskType, UNKNOWN);
    String prefix = "tasklane.tasks." + taskType + ".";
    double fixed = setting.apply(prefix + "cpu-ms").orElse(defaults.fixedMs());
    double perThousand =
        setting.apply(prefix + "cpu-ms-per-1000-bars").orElse(defaults.msPerThousandBars());
    long bars = bars(parse(parametersJson));
    return perThousand == 0 ? fixed : fixed + perThousand * bars / 1000.0;
  }

  /** Bars in the date range the parameters name; 0 if they name none (or it cannot be read). */
  static long bars(JsonObject parameters) {
    try {
      if (!(parameters.get("start_date") instanceof jakarta.json.JsonString)
          || !(parameters.get("end_date") instanceof jakarta.json.JsonString)) {
        return 0;
      }
      LocalDate start = LocalDate.parse(parameters.getString("start_date"));
      LocalDate end = LocalDate.parse(parameters.getString("end_date"));
      Timeframe timeframe = Timeframe.fromCode(parameters.getString("timeframe", "1d"));
      long days = Math.max(0, ChronoUnit.DAYS.between(start, end.plusDays(1)));
      return days * 86_400L / timeframe.seconds();
    } catch (RuntimeException unreadable) {
      return 0; // validated at submission; an unreadable range only loses the size part
    }
  }

  private static JsonObject parse(String json) {
    if (json == null || json.isBlank()) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    } catch (RuntimeException unreadable) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
  }
}
