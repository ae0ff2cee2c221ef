package io.tasklane.models;

import io.tasklane.engines.BarSource;
import io.tasklane.engines.DataChoice;
import io.tasklane.engines.FeatureSet;
import io.tasklane.engines.PriceSeries;
import io.tasklane.resources.ResourceEstimate;
import io.tasklane.tasks.CpuPacer;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code model_training} task: learns whether the next bar closes higher from {@link
 * FeatureSet} features of a symbol's bars, tests on the most recent part of the range (never
 * shuffled across time, so the test is what live use would see), and stores the model as the next
 * version of its name with its metrics.
 */
@ApplicationScoped
public class ModelTrainingHandler implements TaskHandler {
  static final int MIN_TRAIN_ROWS = 100;
  static final int MIN_TEST_ROWS = 20;

  /**
   * The fewest cores a training task starts on: a quarter of a core still trains a year of daily
   * bars in well under a second, and waiting for a whole free core beside outside load could take
   * forever on a small machine.
   */
  static final double MINIMUM_CORES = 0.25;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Set<String> PARAMETERS =
      BarRange.parameters("test_fraction", "name", "params");

  @Inject BarSource bars;
  @Inject TrainedModels models;
  @Inject Clock clock;

  @Override
  public String taskType() {
    return "model_training";
  }

  @Override
  public Lane lane() {
    return Lane.LOCAL;
  }

  @Override
  public ResourceEstimate defaultEstimate() {
    return new ResourceEstimate(2.0, 1.5);
  }

  /**
   * Training scales to what it is granted: XGBoost runs on the granted cores rounded up and a
   * {@link CpuPacer} holds it to the fraction, so it may start on part of its estimate.
   */
  @Override
  public double elasticMinimumCores() {
    return MINIMUM_CORES;
  }

  @Override
  public Duration defaultTimeout() {
    return Duration.ofHours(1);
  }

  record Spec(
      BarRange range, double testFraction, String name, DirectionModel.Hyperparameters hyper) {
    JsonObject toJson() {
      JsonObjectBuilder json = Json.createObjectBuilder();
      range.addTo(json);
      return json.add("test_fraction", testFraction)
          .add("name", name)
          .add("params", hyperJson(hyper))
          .build();
    }
  }

  static JsonObject hyperJson(DirectionModel.Hyperparameters hyper) {
    return Json.createObjectBuilder()
        .add("rounds", hyper.rounds())
        .add("max_depth", hyper.maxDepth())
        .add("learning_rate", hyper.learningRate())
        .add("min_child_weight", hyper.minChildWeight())
        .build();
  }

  static Spec read(JsonObject parameters) {
    ParameterReader p = ParameterReader.of(parameters).allowOnly(PARAMETERS);
    BarRange range = BarRange.read(p);
    double testFraction = p.number("test_fraction", 0.2, 0.05 - 1e-12, 0.5);
    String name =
        p.string(
            "name",
            range.symbol() + "_" + range.timeframe().code() + "_direction",
            NAME,
            "a model name (letters, digits, '_', '.', '-')");
    ParameterReader h =
        p.object("params")
            .allowOnly(Set.of("rounds", "max_depth", "learning_rate", "min_child_weight"));
    DirectionModel.Hyperparameters hyper =
        new DirectionModel.Hyperparameters(
            h.integer("rounds", 100, 1, 2_000),
            h.integer("max_depth", 3, 1, 12),
            h.number("learning_rate", 0.1, 0, 1),
            h.number("min_child_weight", 1, -1e-12, 1_000));
    long usable = range.calendarBars() - FeatureSet.WARMUP_BARS - 1;
    if (usable < MIN_TRAIN_ROWS + MIN_TEST_ROWS) {
      throw p.invalid(
          "start_date",
          "the range holds at most "
              + range.calendarBars()
              + " bars; training needs more than "
              + (MIN_TRAIN_ROWS + MIN_TEST_ROWS + FeatureSet.WARMUP_BARS + 1));
    }
    return new Spec(range, testFraction, name, hyper);
  }

  @Override
  public JsonObject validate(JsonObject parameters) {
    Spec spec = read(parameters);
    spec.range().check(bars);
    return spec.toJson();
  }

  @Override
  public JsonObject run(TaskContext context) {
    Spec spec = read(context.parameters());
    double granted = context.grantedCores().orElse(defaultEstimate().cpuCores());
    int threads = CpuPacer.threadsFor(granted, Runtime.getRuntime().availableProcessors());
    CpuPacer pacer = CpuPacer.start(granted);
    if (threads > granted) {
      OpenMpWaitPolicy.warnOnceIfThreadsSpin();
    }
    BarRange range = spec.range();
    DataChoice.Coverage coverage = range.checkAtRun(bars);
    context.report("Loading market data for " + range.symbol() + "...", 0);
    PriceSeries series = range.load(bars, coverage, range.start());
    context.report("Computing features for " + range.symbol() + "...", 0);
    float[] rows = FeatureSet.rows(series);
    float[] labels = FeatureSet.labels(series);
    pacer.stepDone(1, context::pause); // loading and features run on this thread alone
    int first = FeatureSet.WARMUP_BARS;
    // The last bar has no next bar, so no label.
    int usable = series.size() - 1 - first;
    int testRows = (int) Math.round(usable * spec.testFraction());
    int trainRows = usable - testRows;
    if (trainRows < MIN_TRAIN_ROWS || testRows < MIN_TEST_ROWS) {
      throw new IllegalArgumentException(
          "Only "
              + series.size()
              + " bars of "
              + range.symbol()
              + " in the range: training needs "
              + MIN_TRAIN_ROWS
              + " training and "
              + MIN_TEST_ROWS
              + " test rows after a warm-up of "
              + first
              + " bars.");
    }
    int w = FeatureSet.WIDTH;
    int testFirst = first + trainRows;
    float[] trainX = Arrays.copyOfRange(rows, first * w, testFirst * w);
    float[] trainY = Arrays.copyOfRange(labels, first, testFirst);
    float[] testX = Arrays.copyOfRange(rows, testFirst * w, (testFirst + testRows) * w);
    float[] testY = Arrays.copyOfRange(labels, testFirst, testFirst + testRows);

    byte[] model =
        DirectionModel.train(
            trainX,
            trainY,
            spec.hyper(),
            threads,
            (round, rounds) -> {
              pacer.stepDone(threads, context::pause);
              context.report(
                  "Training "
                      + range.symbol()
                      + " model: round "
                      + (round + 1)
                      + " of "
                      + rounds
                      + "...",
                  round * 90 / rounds);
            });
    pacer.stepDone(threads, context::pause);
    context.report("Evaluating on " + testRows + " held-out bars...", 90);
    ClassifierMetrics test =
        ClassifierMetrics.of(testY, DirectionModel.predict(model, testX, testRows, threads));
    ClassifierMetrics train =
        ClassifierMetrics.of(trainY, DirectionModel.predict(model, trainX, trainRows, threads));
    pacer.stepDone(threads, context::pause);
    context.checkCancelled();

    long[] time = series.epochSeconds();
    JsonObject metrics =
        Json.createObjectBuilder()
            .add("test", metricsJson(test, testY))
            .add("train", metricsJson(train, trainY))
            .build();
    TrainedModel stored =
        models.add(
            new TrainedModel(
                UUID.randomUUID(),
                spec.name(),
                0,
                range.symbol(),
                range.timeframe().code(),
                DirectionModel.ALGORITHM,
                FeatureSet.NAMES,
                hyperJson(spec.hyper()),
                metrics,
                Instant.ofEpochSecond(time[first]),
                Instant.ofEpochSecond(time[testFirst - 1]),
                Instant.ofEpochSecond(time[testFirst]),
                Instant.ofEpochSecond(time[testFirst + testRows - 1]),
                trainRows,
                testRows,
                context.taskId(),
                context.userId(),
                clock.instant(),
                false,
                model));
    context.report(
        "Stored "
            + stored.name()
            + " v"
            + stored.version()
            + " (test accuracy "
            + round(test.accuracy(), 3)
            + ")",
        100);
    JsonArrayBuilder features = Json.createArrayBuilder();
    FeatureSet.NAMES.forEach(features::add);
    return Json.createObjectBuilder()
        .add("model_id", stored.id().toString())
        .add("name", stored.name())
        .add("version", stored.version())
        .add("algorithm", stored.algorithm())
        .add("symbol", stored.symbol())
        .add("timeframe", stored.timeframe())
        .add("data_source", coverage.source())
        .add("partial_range", coverage.partial())
        .add("first_bar", Instant.ofEpochSecond(time[0]).toString())
        .add("last_bar", Instant.ofEpochSecond(time[time.length - 1]).toString())
        .add("features", features)
        .add("params", stored.hyperparameters())
        .add("metrics", metrics)
        .add("train_start", stored.trainStart().toString())
        .add("train_end", stored.trainEnd().toString())
        .add("test_start", stored.testStart().toString())
        .add("test_end", stored.testEnd().toString())
        .add("train_rows", trainRows)
        .add("test_rows", testRows)
        .add("model_bytes", model.length)
        .build();
  }

  private static JsonObject metricsJson(ClassifierMetrics m, float[] labels) {
    double ups = 0;
    for (float label : labels) {
      ups += label;
    }
    return Json.createObjectBuilder()
        .add("accuracy", round(m.accuracy(), 6))
        .add("auc", round(m.auc(), 6))
        .add("log_loss", round(m.logLoss(), 6))
        .add("rows", m.rows())
        // What always guessing the majority direction would score: the accuracy to beat.
        .add("majority_baseline", round(Math.max(ups, labels.length - ups) / labels.length, 6))
        .build();
  }

  static double round(double value, int places) {
    if (!Double.isFinite(value)) {
      return 0;
    }
    double scale = Math.pow(10, places);
    return Math.round(value * scale) / scale;
  }
}
