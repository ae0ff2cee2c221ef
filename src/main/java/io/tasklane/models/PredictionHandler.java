package io.tasklane.models;

import io.tasklane.engines.BarSource;
import io.tasklane.engines.DataChoice;
import io.tasklane.engines.FeatureSet;
import io.tasklane.engines.PriceSeries;
import io.tasklane.resources.ResourceEstimate;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.ParameterReader;
import io.tasklane.tasks.TaskContext;
import io.tasklane.tasks.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code prediction} task: a stored model the owner may use (by {@code model_id}, else the
 * latest of the symbol and timeframe) predicts every bar of a range; the probabilities are stored
 * and summarised. Bars before the range feed the features' warm-up, so the first bars of the range
 * are predicted too.
 */
@ApplicationScoped
public class PredictionHandler implements TaskHandler {
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Set<String> PARAMETERS = BarRange.parameters("model_id");
  private static final int RECENT = 10;

  @Inject BarSource bars;
  @Inject TrainedModels models;
  @Inject ModelForecaster forecaster;

  @Override
  public String taskType() {
    return "prediction";
  }

  @Override
  public Lane lane() {
    return Lane.LOCAL;
  }

  @Override
  public ResourceEstimate defaultEstimate() {
    return new ResourceEstimate(0.5, 0.3);
  }

  @Override
  public Duration defaultTimeout() {
    return Duration.ofMinutes(10);
  }

  record Spec(BarRange range, String modelId) {
    JsonObject toJson() {
      JsonObjectBuilder json = Json.createObjectBuilder();
      range.addTo(json);
      if (modelId != null) {
        json.add("model_id", modelId);
      }
      return json.build();
    }
  }

  static Spec read(JsonObject parameters) {
    ParameterReader p = ParameterReader.of(parameters).allowOnly(PARAMETERS);
    BarRange range = BarRange.read(p);
    String modelId = p.string("model_id", "", UUID_TEXT, "a model id (UUID)");
    return new Spec(range, modelId.isEmpty() ? null : modelId.toLowerCase(Locale.ROOT));
  }

  @Override
  public JsonObject validate(JsonObject parameters) {
    Spec spec = read(parameters);
    spec.range().check(bars);
    return spec.toJson();
  }

  @Override
  public void checkAccess(JsonObject parameters, String userId, boolean admin) {
    String modelId = read(parameters).modelId();
    if (modelId != null) {
      forecaster.checkUsable(modelId, userId, admin);
    }
  }

  /**
   * Without a model id, the model a training this task depends on stored for the same symbol and
   * timeframe (the last such dependency), rather than whichever is latest: another training may
   * have finished meanwhile. Null when there is none.
   */
  static String trainedByDependency(TaskContext context, String symbol, String timeframe) {
    String found = null;
    for (JsonObject result : context.dependencyResults().values()) {
      if (symbol.equals(result.getString("symbol", null))
          && timeframe.equals(result.getString("timeframe", null))
          && result.get("model_id") instanceof jakarta.json.JsonString id) {
        found = id.getString();
      }
    }
    return found;
  }

  @Override
  public JsonObject run(TaskContext context) {
    Spec spec = read(context.parameters());
    BarRange range = spec.range();
    DataChoice.Coverage coverage = range.checkAtRun(bars);
    context.report("Generating predictions for " + range.symbol() + "...", 0);
    TrainedModel model =
        ModelForecaster.resolve(
            models,
            spec.modelId() != null
                ? spec.modelId()
                : trainedByDependency(context, range.symbol(), range.timeframe().code()),
            range.symbol(),
            range.timeframe().code(),
            forecaster.viewerOf(context.userId()));
    // Enough earlier calendar days for the warm-up even across weekends and small gaps.
    long warmupDays = FeatureSet.WARMUP_BARS * range.timeframe().seconds() * 2 / 86_400 + 7;
    LocalDate loadFrom = range.start().minusDays(warmupDays);
    PriceSeries series = range.load(bars, coverage, loadFrom);
    context.checkCancelled();
    double[] p = ModelForecaster.probabilities(model, series);
    context.report("Generating predictions for " + range.symbol() + "...", 60);

    long[] time = series.epochSeconds();
    double[] close = series.close();
    long from = range.startEpochSecond();
    int first = 0;
    while (first < time.length && (time[first] < from || Double.isNaN(p[first]))) {
      first++;
    }
    int count = time.length - first;
    if (count <= 0) {
      throw new IllegalArgumentException(
          "No bar of "
              + range.symbol()
              + " in the range has the "
              + FeatureSet.WARMUP_BARS
              + " earlier bars the features need.");
    }
    long[] times = new long[count];
    float[] probabilities = new float[count];
    double sum = 0;
    int predictedUp = 0;
    int realised = 0;
    int correct = 0;
    for (int k = 0; k < count; k++) {
      if ((k & 1023) == 0) {
        context.checkCancelled();
      }
      int i = first + k;
      times[k] = time[i];
      probabilities[k] = (float) p[i];
      sum += p[i];
      boolean up = p[i] >= 0.5;
      if (up) {
        predictedUp++;
      }
      if (i + 1 < time.length) {
        realised++;
        if (up == (close[i + 1] > close[i])) {
          correct++;
        }
      }
    }
    context.report("Storing " + count + " predictions for " + range.symbol() + "...", 80);
    models.savePredictions(
        context.taskId(),
        model.id(),
        range.symbol(),
        range.timeframe().code(),
        times,
        probabilities);

    JsonArrayBuilder recent = Json.createArrayBuilder();
    for (int k = Math.max(0, count - RECENT); k < count; k++) {
      recent.add(
          Json.createObjectBuilder()
              .add("bar_time", Instant.ofEpochSecond(times[k]).toString())
              .add("probability_up", ModelTrainingHandler.round(probabilities[k], 6)));
    }
    return Json.createObjectBuilder()
        .add("model_id", model.id().toString())
        .add("model_name", model.name())
        .add("model_version", model.version())
        .add("symbol", range.symbol())
        .add("timeframe", range.timeframe().code())
        .add("data_source", coverage.source())
        .add("partial_range", coverage.partial())
        .add("predictions", count)
        .add("first_bar", Instant.ofEpochSecond(times[0]).toString())
        .add("last_bar", Instant.ofEpochSecond(times[count - 1]).toString())
        .add("mean_probability_up", ModelTrainingHandler.round(sum / count, 6))
        .add("predicted_up_share", ModelTrainingHandler.round((double) predictedUp / count, 6))
        .add("realised_rows", realised)
        .add(
            "realised_accuracy",
            realised == 0 ? 0 : ModelTrainingHandler.round((double) correct / realised, 6))
        .add("recent", recent)
        .build();
  }
}
