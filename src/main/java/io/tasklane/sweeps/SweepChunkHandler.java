package io.tasklane.sweeps;

import io.tasklane.engines.BacktestHandler;
import io.tasklane.engines.ParameterSweep;
import io.tasklane.engines.RunMetrics;
import io.tasklane.engines.StrategySpec;
import io.tasklane.resources.ResourceEstimate;
import io.tasklane.system.ProblemException;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.ParameterReader;
import io.tasklane.tasks.TaskContext;
import io.tasklane.tasks.TaskFailure;
import io.tasklane.tasks.TaskHandler;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The internal {@code sweep_chunk} task: runs combinations {@code [first, first + size)} of a sweep
 * over one series, loaded once and shared read-only, and stores their rows in batches, each
 * replacing whatever an earlier run of the chunk stored for its combinations. Runs on as many
 * threads as the cores it was admitted with ({@code tasklane.sweeps.chunk-cores}), one at least.
 */
@ApplicationScoped
public class SweepChunkHandler implements TaskHandler {
  static final String TYPE = "sweep_chunk";

  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** How often a thread checks for cancel, in combinations. */
  private static final int CHECK_EVERY = 64;

  @Inject SweepStore sweeps;
  @Inject SweepProgress progress;
  @Inject BacktestHandler backtests;
  @Resource ManagedExecutorService executor;

  @Inject @ConfigProperties SweepsConfig config;

  /** A chunk's parameters. */
  record Spec(UUID sweepId, int first, int size, int threads) {
    JsonObject toJson() {
      return SweepPlan.JSON
          .createObjectBuilder()
          .add("sweep_id", sweepId.toString())
          .add("first", first)
          .add("size", size)
          .add("threads", threads)
          .build();
    }

    static Spec read(JsonObject parameters) {
      ParameterReader p =
          ParameterReader.of(parameters).allowOnly(Set.of("sweep_id", "first", "size", "threads"));
      return new Spec(
          UUID.fromString(p.string("sweep_id", null, UUID_TEXT, "a sweep id")),
          p.integer("first", -1, 0, Integer.MAX_VALUE),
          p.integer("size", -1, 1, Integer.MAX_VALUE),
          p.integer("threads", 1, 1, 64));
    }
  }

  @Override
  public String taskType() {
    return TYPE;
  }

  @Override
  public Lane lane() {
    return Lane.LOCAL;
  }

  @Override
  public ResourceEstimate defaultEstimate() {
    return new ResourceEstimate(1.0, 0.25);
  }

  @Override
  public Duration defaultTimeout() {
    return Duration.ofMinutes(10);
  }

  @Override
  public boolean listedByDefault() {
    return false;
  }

  @Override
  public JsonObject validate(JsonObject parameters) {
    Spec spec = Spec.read(parameters);
    if (spec.first() < 0 || spec.size() < 1) {
      throw new ProblemException.InvalidInput("parameters: first and size are required.");
    }
    return spec.toJson();
  }

  /** Chunks are made by {@code POST /api/sweeps}; one may name only a sweep of its submitter. */
  @Override
  public void checkAccess(JsonObject parameters, String userId, boolean admin) {
    Spec spec = Spec.read(parameters);
    Sweep sweep =
        sweeps
            .find(spec.sweepId())
            .filter(s -> s.isVisibleTo(userId, admin))
            .orElseThrow(() -> new ProblemException.NotFound("No sweep " + spec.sweepId() + "."));
    if ((long) spec.first() + spec.size() > sweep.combinations()) {
      throw new ProblemException.InvalidInput(
          "parameters.size: the sweep has " + sweep.combinations() + " combinations.");
    }
  }

  @Override
  public JsonObject run(TaskContext context) throws Exception {
    Spec spec = Spec.read(context.parameters());
    Sweep sweep =
        sweeps
            .find(spec.sweepId())
            .orElseThrow(() -> new TaskFailure("Sweep " + spec.sweepId() + " no longer exists."));
    SweepPlan plan = SweepPlan.stored(SweepViews.parse(sweep.definition()));
    int perSeries = plan.parameterSets().size();
    int series = spec.first() / perSeries;
    if ((spec.first() + spec.size() - 1) / perSeries != series) {
      throw new TaskFailure("A chunk runs combinations of one series only.");
    }
    context.report("Loading " + plan.symbol(series) + " " + plan.timeframe(series) + "...", 0);
    long started = System.nanoTime();
    ParameterSweep.Series bars;
    try {
      bars = backtests.series(plan.backtestParameters(spec.first()));
    } catch (ProblemException e) {
      throw new TaskFailure(e.getMessage());
    }
    List<ParameterSweep.Fold> folds = folds(plan, bars.bars().size());
    Metric rankBy = plan.rankBy();
    int threads = spec.threads();
    int end = spec.first() + spec.size();
    long loaded = System.nanoTime();
    long computeNanos = 0;
    long storeNanos = 0;
    for (int from = spec.first(); from < end; from += config.storeBatch) {
      int to = Math.min(end, from + config.storeBatch);
      long t0 = System.nanoTime();
      List<SweepResult> rows = compute(context, plan, bars, folds, rankBy, from, to, threads);
      context.checkCancelled();
      long t1 = System.nanoTime();
      progress.store(sweep, rows);
      storeNanos += System.nanoTime() - t1;
      computeNanos += t1 - t0;
      int done = to - spec.first();
      context.report(
          "Swept " + done + " of " + spec.size() + " combinations...", done * 100 / spec.size());
    }
    return SweepPlan.JSON
        .createObjectBuilder()
        .add("sweep_id", spec.sweepId().toString())
        .add("first", spec.first())
        .add("size", spec.size())
        .add("stored", spec.size())
        // Where the chunk's time went, for BENCHMARKS.md and whoever tunes chunk sizes.
        .add("load_ms", (loaded - started) / 1_000_000)
        .add("compute_ms", computeNanos / 1_000_000)
        .add("store_ms", storeNanos / 1_000_000)
        .add("threads", threads)
        .build();
  }

  private static List<ParameterSweep.Fold> folds(SweepPlan plan, int bars) {
    SweepPlan.WalkForward wf = plan.walkForward();
    if (wf == null) {
      return null;
    }
    List<ParameterSweep.Fold> folds =
        wf.folds() > 0
            ? ParameterSweep.folds(bars, wf.folds())
            : ParameterSweep.folds(bars, wf.trainBars(), wf.testBars());
    if (folds.isEmpty()) {
      throw new TaskFailure(
          "The series has " + bars + " bars, too few for one walk-forward fold of " + wf.toJson());
    }
    return folds;
  }

  /** Rows of combinations {@code [from, to)}, split over {@code threads} threads. */
  private List<SweepResult> compute(
      TaskContext context,
      SweepPlan plan,
      ParameterSweep.Series bars,
      List<ParameterSweep.Fold> folds,
      Metric rankBy,
      int from,
      int to,
      int threads)
      throws InterruptedException {
    SweepResult[] rows = new SweepResult[to - from];
    int parts = Math.min(threads, rows.length);
    if (parts <= 1) {
      fill(context, plan, bars, folds, rankBy, from, to, rows, from);
      return List.of(rows);
    }
    List<Future<?>> futures = new ArrayList<>();
    for (int k = 0; k < parts; k++) {
      int a = from + (int) ((long) rows.length * k / parts);
      int b = from + (int) ((long) rows.length * (k + 1) / parts);
      Callable<Void> part =
          () -> {
            fill(context, plan, bars, folds, rankBy, a, b, rows, from);
            return null;
          };
      futures.add(executor.submit(part));
    }
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    return List.of(rows);
  }

  private static void fill(
      TaskContext context,
      SweepPlan plan,
      ParameterSweep.Series bars,
      List<ParameterSweep.Fold> folds,
      Metric rankBy,
      int from,
      int to,
      SweepResult[] rows,
      int offset) {
    int perSeries = plan.parameterSets().size();
    int series = from / perSeries;
    for (int i = from; i < to; i++) {
      if ((i - from) % CHECK_EVERY == 0) {
        context.checkCancelled();
      }
      Map<String, BigDecimal> set = plan.parameterSets().get(i % perSeries);
      JsonObject params = SweepPlan.params(set);
      // Checked as a backtest would check it when the sweep was submitted.
      StrategySpec strategy = new StrategySpec(plan.strategy(), params);
      RunMetrics metrics = ParameterSweep.run(bars, strategy);
      rows[i - offset] =
          folds == null
              ? new SweepResult(
                  i,
                  plan.symbol(series),
                  plan.timeframe(series),
                  params.toString(),
                  metrics,
                  null,
                  null,
                  null,
                  null,
                  null)
              : walkForward(i, plan, series, params, metrics, bars, strategy, folds, rankBy);
    }
  }

  /**
   * The combination's mean in-sample and out-of-sample value of the ranking metric over the folds,
   * and whether it overfits: its out-of-sample figure is less than half as good as in-sample.
   */
  static SweepResult walkForward(
      int combination,
      SweepPlan plan,
      int series,
      JsonObject params,
      RunMetrics metrics,
      ParameterSweep.Series bars,
      StrategySpec strategy,
      List<ParameterSweep.Fold> folds,
      Metric rankBy) {
    List<ParameterSweep.FoldMetrics> perFold = ParameterSweep.walkForward(bars, strategy, folds);
    JsonArrayBuilder foldsJson = SweepPlan.JSON.createArrayBuilder();
    double isSum = 0;
    double oosSum = 0;
    int isCount = 0;
    int oosCount = 0;
    long[] times = bars.bars().epochSeconds();
    for (int f = 0; f < perFold.size(); f++) {
      ParameterSweep.Fold fold = folds.get(f);
      Double in = rankBy.of(perFold.get(f).inSample());
      Double out = rankBy.of(perFold.get(f).outOfSample());
      var json =
          SweepPlan.JSON
              .createObjectBuilder()
              .add(
                  "train_start",
                  java.time.Instant.ofEpochSecond(times[fold.trainFrom()]).toString())
              .add("test_start", java.time.Instant.ofEpochSecond(times[fold.testFrom()]).toString())
              .add(
                  "test_end", java.time.Instant.ofEpochSecond(times[fold.testTo() - 1]).toString());
      if (in == null) {
        json.addNull("is_" + rankBy.wireName());
      } else {
        json.add("is_" + rankBy.wireName(), in);
        isSum += in;
        isCount++;
      }
      if (out == null) {
        json.addNull("oos_" + rankBy.wireName());
      } else {
        json.add("oos_" + rankBy.wireName(), out);
        oosSum += out;
        oosCount++;
      }
      json.add("oos_total_return", perFold.get(f).outOfSample().totalReturn());
      foldsJson.add(json);
    }
    Double is = isCount == 0 ? null : round(isSum / isCount);
    Double oos = oosCount == 0 ? null : round(oosSum / oosCount);
    Double gap = is == null || oos == null ? null : round(is - oos);
    Boolean overfit = is == null || oos == null ? null : overfits(rankBy, is, oos);
    return new SweepResult(
        combination,
        plan.symbol(series),
        plan.timeframe(series),
        params.toString(),
        metrics,
        oos,
        is,
        gap,
        overfit,
        foldsJson.build().toString());
  }

  /** Out of sample less than half as good as in sample (for a figure that was good at all). */
  static boolean overfits(Metric metric, double inSample, double outOfSample) {
    return metric.higherIsBetter()
        ? inSample > 0 && outOfSample < inSample / 2
        : outOfSample > inSample * 2;
  }

  private static double round(double value) {
    return Math.round(value * 1e6) / 1e6;
  }
}
