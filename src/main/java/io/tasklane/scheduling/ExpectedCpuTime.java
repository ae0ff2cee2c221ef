package io.tasklane.scheduling;

import io.tasklane.profiles.ResourceProfiles;
import io.tasklane.profiles.TaskSize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * How much CPU time a task is expected to use, which decides whether it is short (see {@link
 * io.tasklane.resources.BurstAllowance}): what its type's profile learned from measurement, and
 * until there is enough history a per-type default: a fixed part ({@code
 * tasklane.tasks.<type>.cpu-ms}) plus a part per 1,000 bars of the date range its parameters name
 * ({@code .cpu-ms-per-1000-bars}; bars = days in {@code start_date}..{@code end_date} × 86,400 s /
 * the {@code timeframe}'s seconds, 1d by default). A one-year daily backtest is 10 + 1 × 0.365 ≈ 10
 * ms (measured: under 20 ms), a one-year one-minute one 536 ms, two years of minutes over a second.
 * Once a type has a profile near the task's size (see {@link ResourceProfiles}), its measured p90
 * replaces these defaults.
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
  private BiFunction<String, TaskSize, Optional<Learned>> learned;

  /** What a type's profile says of tasks of one size: CPU milliseconds, and on what it rests. */
  record Learned(double cpuMs, String basis) {}

  /** A task's expected CPU milliseconds and what they rest on, for the admission log. */
  public record Expectation(double millis, String basis) {}

  @Inject
  void configure(Config config, ResourceProfiles profiles) {
    setting = key -> config.getOptionalValue(key, Double.class);
    learned =
        (type, size) ->
            profiles
                .estimate(type, size)
                .map(
                    e ->
                        new Learned(
                            e.cpuMs(),
                            "its profile of size bucket "
                                + e.bucket()
                                + " ("
                                + e.samples()
                                + " runs)"));
  }

  ExpectedCpuTime() {}

  /** For tests: settings by key, nothing learned. */
  ExpectedCpuTime(Function<String, Optional<Double>> setting) {
    this(setting, (type, size) -> Optional.empty());
  }

  /** For tests: settings by key, and learned CPU milliseconds by type and size. */
  ExpectedCpuTime(
      Function<String, Optional<Double>> setting,
      BiFunction<String, TaskSize, Optional<Double>> learned) {
    this.setting = setting;
    this.learned =
        (type, size) -> learned.apply(type, size).map(ms -> new Learned(ms, "its profile"));
  }

  /**
   * Expected CPU milliseconds of a task of {@code taskType} with these parameters (JSON text), and
   * what the figure rests on: its type's profile (the size bucket and how many runs), or the type's
   * defaults. The parameters are read once.
   */
  public Expectation expect(String taskType, String parametersJson) {
    TaskSize size = TaskSize.of(parametersJson);
    Optional<Learned> measured = learned.apply(taskType, size);
    if (measured.isPresent()) {
      return new Expectation(measured.get().cpuMs(), measured.get().basis());
    }
    Cost defaults = DEFAULTS.getOrDefault(taskType, UNKNOWN);
    String prefix = "tasklane.tasks." + taskType + ".";
    double fixed = setting.apply(prefix + "cpu-ms").orElse(defaults.fixedMs());
    double perThousand =
        setting.apply(prefix + "cpu-ms-per-1000-bars").orElse(defaults.msPerThousandBars());
    long bars = size.bars();
    return new Expectation(
        perThousand == 0 ? fixed : fixed + perThousand * bars / 1000.0, "its type's defaults");
  }

  /** Expected CPU milliseconds of a task of {@code taskType} with these parameters (JSON text). */
  public double millis(String taskType, String parametersJson) {
    return expect(taskType, parametersJson).millis();
  }

  /** Bars in the date range the parameters name; 0 if they name none (or it cannot be read). */
  static long bars(JsonObject parameters) {
    return TaskSize.bars(parameters);
  }
}
