package io.tasklane.sweeps;

import io.tasklane.engines.BacktestHandler;
import io.tasklane.engines.Timeframe;
import io.tasklane.resources.AdmissionRule;
import io.tasklane.resources.HostResources;
import io.tasklane.system.ProblemException;
import io.tasklane.tasks.SubmitTaskRequest;
import io.tasklane.tasks.Task;
import io.tasklane.tasks.TaskSubmission;
import io.tasklane.tasks.TasksConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Accepts a sweep: checks it (every parameter set as a backtest would, each series' data once),
 * stores it, and submits its chunk tasks through the ordinary task path in the same transaction, so
 * a 202 means the sweep and all its chunks are in the database and each chunk is admitted like any
 * task.
 */
@ApplicationScoped
public class SweepSubmission {
  @Inject SweepStore sweeps;
  @Inject TaskSubmission submission;
  @Inject BacktestHandler backtests;
  @Inject Clock clock;
  @Inject AdmissionRule rule;
  @Inject HostResources host;

  @Inject @ConfigProperties SweepsConfig config;
  @Inject @ConfigProperties TasksConfig tasksConfig;

  @Transactional
  public Sweep submit(JsonObject body, String userId, boolean admin) {
    SweepPlan plan = SweepPlan.read(body, config.maxCombinations);
    int perSeries = plan.parameterSets().size();
    for (int s = 0; s < plan.seriesCount(); s++) {
      try {
        backtests.validate(plan.backtestParameters(s * perSeries));
      } catch (ProblemException refused) {
        throw new ProblemException.InvalidInput(
            "sweep: "
                + plan.symbol(s)
                + " "
                + plan.timeframe(s)
                + ": "
                + refused.getMessage().replaceFirst("^parameters\\.", ""));
      }
    }
    long bars = estimatedBars(plan);
    if (plan.walkForward() != null
        && plan.walkForward().folds() == 0
        && plan.walkForward().trainBars() + plan.walkForward().testBars() > bars) {
      throw new ProblemException.InvalidInput(
          "sweep.walk_forward: train_bars + test_bars exceed the range's " + bars + " bars.");
    }
    Sweep sweep =
        new Sweep(
            UUID.randomUUID(),
            userId,
            Sweep.RUNNING,
            plan.strategy(),
            plan.toJson().toString(),
            plan.combinations(),
            plan.rankBy().wireName(),
            plan.walkForward() != null,
            Instant.now(clock),
            null);
    sweeps.add(sweep);
    // A chunk runs on as many threads as whole cores it is admitted with, one at least.
    double cores = plan.chunkCores() == null ? config.chunkCores : plan.chunkCores();
    int threads = Math.max(1, (int) Math.floor(cores));
    // The cores the resource rule counts.
    int hostCores = host.latest().totalCores();
    ChunkSizing sizing =
        new ChunkSizing(
            config.chunkSeconds,
            config.nanosPerBar,
            config.maxChunkCombinations,
            tasksConfig.maxBatch,
            ChunkSizing.sideBySide(hostCores, rule.minCores(hostCores), threads));
    List<ChunkSizing.Range> ranges =
        sizing.split(plan.seriesCount(), perSeries, bars, plan.walkForward() != null);
    List<SubmitTaskRequest> requests = new ArrayList<>(ranges.size());
    for (ChunkSizing.Range range : ranges) {
      SubmitTaskRequest request = new SubmitTaskRequest();
      request.taskType = SweepChunkHandler.TYPE;
      request.parameters =
          new SweepChunkHandler.Spec(sweep.id(), range.first(), range.size(), threads).toJson();
      request.priority = plan.priority();
      request.estimatedCpuCores = cores;
      requests.add(request);
    }
    List<Task> tasks = submission.submitAll(requests, userId, admin);
    List<Sweep.Chunk> chunks = new ArrayList<>(ranges.size());
    for (int i = 0; i < ranges.size(); i++) {
      chunks.add(new Sweep.Chunk(tasks.get(i).id(), ranges.get(i).first(), ranges.get(i).size()));
    }
    sweeps.addChunks(sweep.id(), chunks);
    return sweep;
  }

  /** Bars of the longest series, from the dates and timeframe (at most; weekends may be shut). */
  static long estimatedBars(SweepPlan plan) {
    LocalDate start = LocalDate.parse(plan.shared().getString("start_date"));
    LocalDate end = LocalDate.parse(plan.shared().getString("end_date"));
    long shortest = Long.MAX_VALUE;
    for (String timeframe : plan.timeframes()) {
      shortest = Math.min(shortest, Timeframe.fromCode(timeframe).seconds());
    }
    return ChronoUnit.DAYS.between(start, end.plusDays(1)) * 86_400L / shortest;
  }
}
