package io.tasklane.scheduling;

import io.tasklane.profiles.ProfileEstimator;
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
  private BiFunction<String, TaskSize, Optional<Double>> learned;
  private BiFunction<String, TaskSize, Optional<String>> learnedFrom =
      (type, size) -> Optional.empty();

  @Inject
  void configure(Config config, ResourceProfiles profiles) {
    setting = key -> config.getOptionalValue(key, Double.class);
    learned = (type, size) -> profiles.estimate(type, size).map(ProfileEstimator.Estimate::cpuMs);
    learnedFrom =
        (type, size) ->
            profiles
                .estimate(type, size)
                .map(
                    e ->
                        "its profile of size bucket " + e.bucket() + " (" + e.samples() + " runs)");
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
    this.learned = learned;
  }

  /** Expected CPU milliseconds of a task of {@code taskType} with these parameters (JSON text). */
  public double millis(String taskType, String parametersJson) {
    TaskSize size = TaskSize.of(parametersJson);
    Optional<Double> measured = learned.apply(taskType, size);
    if (measured.isPresent()) {
      return measured.get();
    }
    Cost defaults = DEFAULTS.getOrDefault(taskType, UNKNOWN);
    String prefix = "tasklane.tasks." + taskType + ".";
    double fixed = setting.apply(prefix + "cpu-ms").orElse(defaults.fixedMs());
    double perThousand =
        setting.apply(prefix + "cpu-ms-per-1000-bars").orElse(defaults.msPerThousandBars());
    long bars = size.bars();
    return perThousand == 0 ? fixed : fixed + perThousand * bars / 1000.0;
  }

  /**
   * What the expectation of such a task rests on, for the admission log: its type's profile (the
   * size bucket and how many runs), or the type's defaults.
   */
  public String basis(String taskType, String parametersJson) {
    return learnedFrom.apply(taskType, TaskSize.of(parametersJson)).orElse("its type's defaults");
  }

  /** Bars in the date range the parameters name; 0 if they name none (or it cannot be read). */
  static long bars(JsonObject parameters) {
    return TaskSize.bars(parameters);
  }
}
