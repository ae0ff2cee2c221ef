package io.tasklane.quantconnect;

import io.tasklane.tasks.TaskContext;
import io.tasklane.tasks.TaskDeferred;
import io.tasklane.tasks.TransientTaskFailure;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One attempt at a {@code qc_backtest}: compile, create, monitor, collect the statistics. It holds
 * one node slot from admission until QuantConnect no longer runs anything for it; on cancel and
 * timeout it deletes the backtest (QuantConnect has no stop call) before letting the slot go.
 *
 * <p>Crash safety: the intent to create is recorded before the create call, and every backtest is
 * named with the task id, so a later attempt finds a backtest an earlier one created (from the
 * project's backtest list) and follows it instead of creating a second one.
 */
final class QuantConnectBacktestRun {
  private static final Logger LOG = Logger.getLogger(QuantConnectBacktestRun.class.getName());

  /** Tries per call before a fault counts against the task's attempts. */
  private static final int TRIES = 4;

  private final TaskContext context;
  private final QuantConnectBacktestHandler.Spec spec;
  private final QuantConnectClient client;
  private final NodeGate gate;
  private final TaskExternals externals;
  private final QuantConnectSettings settings;
  private final Clock clock;
  private final UUID taskId;
  private String backtestId;

  QuantConnectBacktestRun(
      TaskContext context,
      QuantConnectBacktestHandler.Spec spec,
      QuantConnectClient client,
      NodeGate gate,
      TaskExternals externals,
      QuantConnectSettings settings,
      Clock clock) {
    this.context = context;
    this.spec = spec;
    this.client = client;
    this.gate = gate;
    this.externals = externals;
    this.settings = settings;
    this.clock = clock;
    this.taskId = context.taskId();
  }

  /** The tag that marks a backtest as this task's on QuantConnect. */
  static String tag(UUID taskId) {
    return "[tasklane:" + taskId + "]";
  }

  JsonObject run() {
    try {
      JsonObject external = externals.read(taskId);
      backtestId = reattach(external);
      if (backtestId == null) {
        String compileId = compile(external);
        requireIdleNode(external);
        backtestId = create(compileId, external);
      }
      QuantConnectBacktest finished = monitor();
      if (finished.failed()) {
        gate.release(taskId);
        throw new IllegalStateException(failureMessage(finished));
      }
      // The node is free once the backtest has ended: the next task may start while this one
      // waits for its statistics.
      gate.release(taskId);
      return result(awaitStatistics(finished));
    } catch (CancellationException stopped) {
      stopOnQuantConnect();
      throw stopped;
    } catch (QuantConnectFailure.BadCredentials e) {
      releaseUnlessCreated();
      throw new TaskDeferred(
          "Waiting for valid QuantConnect credentials: " + e.getMessage(), Duration.ofSeconds(60));
    } catch (QuantConnectFailure.Unavailable e) {
      releaseUnlessCreated();
      throw new TransientTaskFailure(e.getMessage(), e);
    } catch (QuantConnectFailure.Refused e) {
      gate.release(taskId);
      throw new IllegalStateException("QuantConnect refused the request: " + e.getMessage(), e);
    }
  }

  /** A backtest an earlier attempt created (its answer may have been lost in a crash). */
  private String reattach(JsonObject external) {
    if (!external.containsKey("create_requested_at") && !external.containsKey("backtest_id")) {
      return null;
    }
    String tag = tag(taskId);
    List<QuantConnectBacktest> backtests = call(() -> client.listBacktests(spec.projectId()));
    for (QuantConnectBacktest backtest : backtests) {
      if (backtest.name() != null && backtest.name().contains(tag)) {
        String id = backtest.backtestId();
        externals.merge(taskId, Map.of("backtest_id", Json.createValue(id)));
        gate.recordBacktest(taskId, spec.projectId(), id);
        context.report("Re-attached to QuantConnect backtest " + id, null);
        return id;
      }
    }
    return null;
  }

  /**
   * Uses the build made while the task queued (see {@link Precompiler}) when there is one, so a
   * freed node gets its next backtest without waiting for a compiler.
   */
  private String compile(JsonObject external) {
    String ahead = external.getString("compile_id", null);
    if (ahead != null) {
      try {
        return awaitBuild(ahead);
      } catch (QuantConnectFailure.Refused unknown) {
        // QuantConnect no longer knows that build: make a new one.
      }
    }
    context.report("Compiling QuantConnect project " + spec.projectId() + "...", 0);
    String compileId = call(() -> client.createCompile(spec.projectId()));
    externals.merge(
        taskId,
        Map.of(
            "project_id", Json.createValue(spec.projectId()),
            "compile_id", Json.createValue(compileId)));
    return awaitBuild(compileId);
  }

  private String awaitBuild(String compileId) {
    for (int read = 0; ; read++) {
      QuantConnectClient.CompileState state =
          call(() -> client.readCompile(spec.projectId(), compileId));
      if (state.succeeded()) {
        return compileId;
      }
      if (state.failed()) {
        gate.release(taskId);
        throw new IllegalStateException(
            "Build error in QuantConnect project "
                + spec.projectId()
                + (state.logs().isEmpty() ? "" : ":\n" + String.join("\n", state.logs())));
      }
      context.pause(pollDelay(read));
    }
  }

  /**
   * Reads the organization's nodes first: someone may run a backtest from QuantConnect's web IDE,
   * on a node Tasklane cannot see in its own table. Waiting here avoids the failed create call.
   */
  private void requireIdleNode(JsonObject external) {
    QuantConnectClient.NodeReport nodes = call(() -> client.readNodes(spec.projectId()));
    if (nodes.total() == 0) {
      return;
    }
    int launching = gate.launchingAhead(taskId);
    if (nodes.idle() - launching <= 0) {
      throw nodesBusy(
          external,
          "QuantConnect reports "
              + nodes.busy()
              + " of "
              + nodes.total()
              + " backtest nodes busy"
              + (launching > 0 ? " and " + launching + " about to be taken by Tasklane" : ""));
    }
  }

  private String create(String compileId, JsonObject external) {
    String name =
        (spec.backtestName() == null ? "Tasklane" : spec.backtestName()) + " " + tag(taskId);
    externals.merge(
        taskId,
        Map.of(
            "backtest_name", Json.createValue(name),
            "create_requested_at", Json.createValue(clock.instant().toString())));
    context.report("Launching the backtest on QuantConnect...", 0);
    QuantConnectBacktest created;
    try {
      created =
          call(
              () ->
                  client.createBacktest(
                      spec.projectId(), compileId, name, spec.strategyParameters()));
    } catch (QuantConnectFailure.NoSpareNodes e) {
      // The web IDE raced us to the last node: wait, never fail.
      throw nodesBusy(external, "QuantConnect has no spare node (" + e.getMessage() + ")");
    }
    String id = created.backtestId();
    externals.merge(
        taskId, Map.of("backtest_id", Json.createValue(id), "node_waits", Json.createValue(0)));
    gate.recordBacktest(taskId, spec.projectId(), id);
    return id;
  }

  private TaskDeferred nodesBusy(JsonObject external, String why) {
    gate.release(taskId);
    int waits = external.getInt("node_waits", 0) + 1;
    externals.merge(taskId, Map.of("node_waits", Json.createValue(waits)));
    Duration delay = settings.busyBackoff(waits);
    return new TaskDeferred(
        "All QuantConnect nodes busy outside Tasklane: "
            + why
            + "; trying again in "
            + delay.toSeconds()
            + " s",
        delay);
  }

  private QuantConnectBacktest monitor() {
    Instant firstAt = null;
    double firstProgress = 0;
    for (int read = 0; ; read++) {
      QuantConnectBacktest backtest = call(() -> client.readBacktest(spec.projectId(), backtestId));
      if (backtest.finished()) {
        return backtest;
      }
      context.report(
          "QuantConnect backtest "
              + backtestId
              + ": "
              + (backtest.status() == null ? "starting" : backtest.status()),
          backtest.percent());
      Instant now = clock.instant();
      if (firstAt == null && backtest.progress() > 0) {
        firstAt = now;
        firstProgress = backtest.progress();
      }
      Duration remaining =
          firstAt == null
              ? null
              : estimateRemaining(
                  Duration.between(firstAt, now),
                  backtest.progress() - firstProgress,
                  backtest.progress());
      context.pause(nextRead(read, remaining));
    }
  }

  /** Time left at the progress rate seen so far, or null while there is no rate yet. */
  static Duration estimateRemaining(Duration elapsed, double progressMade, double progress) {
    if (progressMade <= 0 || elapsed.isZero()) {
      return null;
    }
    double rate = progressMade / elapsed.toMillis();
    return Duration.ofMillis((long) Math.max(0, (1 - progress) / rate));
  }

  /**
   * The usual rhythm, but a read is due when the backtest should be ending: its node then goes to
   * the next task within a fraction of the poll interval, at the cost of a few reads near the end.
   */
  Duration nextRead(int read, Duration remaining) {
    Duration usual = pollDelay(read);
    if (remaining == null || remaining.compareTo(usual) >= 0) {
      return usual;
    }
    Duration floor = Duration.ofMillis(250);
    return remaining.compareTo(floor) < 0 ? floor : remaining;
  }

  /** Right after completion QuantConnect may not have the statistics yet: read until it has. */
  private QuantConnectBacktest awaitStatistics(QuantConnectBacktest finished) {
    Instant giveUp = clock.instant().plus(settings.statisticsWait());
    QuantConnectBacktest backtest = finished;
    Duration between =
        Duration.ofMillis(
            Math.max(250, Math.min(10_000, settings.statisticsWait().toMillis() / 6)));
    while (backtest.statistics() == null && clock.instant().isBefore(giveUp)) {
      context.report("Backtest complete; waiting for QuantConnect's statistics...", 100);
      context.pause(between);
      backtest = call(() -> client.readBacktest(spec.projectId(), backtestId));
    }
    return backtest;
  }

  /**
   * lean-cli's rhythm (a quarter second four times, then every second) so a short backtest's node
   * is freed quickly, settling at the configured interval so long ones cost few requests.
   */
  Duration pollDelay(int read) {
    Duration configured = settings.pollInterval();
    Duration rhythm =
        read < 4 ? Duration.ofMillis(250) : read < 13 ? Duration.ofSeconds(1) : configured;
    return rhythm.compareTo(configured) < 0 ? rhythm : configured;
  }

  /** Retries faults of the transport a few times within the attempt, backing off. */
  private <T> T call(Supplier<T> request) {
    Duration wait = Duration.ofSeconds(1);
    for (int attempt = 1; ; attempt++) {
      try {
        return request.get();
      } catch (QuantConnectFailure.Unavailable e) {
        if (attempt >= TRIES) {
          throw e;
        }
        LOG.log(Level.FINE, "QuantConnect call failed; retrying in " + wait, e);
        context.report("QuantConnect unavailable (" + e.getMessage() + "); retrying...", null);
        context.pause(wait);
        wait = wait.multipliedBy(2);
      }
    }
  }

  /**
   * Cancel or timeout: delete the backtest so the node is really free, then free the slot. When
   * QuantConnect cannot be reached, the slot stays held and {@link OrphanedNodeSlots} tries again.
   */
  private void stopOnQuantConnect() {
    if (backtestId == null) {
      gate.release(taskId);
      return;
    }
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        client.deleteBacktest(spec.projectId(), backtestId);
        gate.release(taskId);
        return;
      } catch (QuantConnectFailure.Refused gone) {
        gate.release(taskId);
        return;
      } catch (QuantConnectFailure e) {
        LOG.log(Level.WARNING, "Could not delete backtest " + backtestId + " of " + taskId, e);
        sleepQuietly(Duration.ofSeconds(attempt));
      }
    }
  }

  private void releaseUnlessCreated() {
    if (backtestId == null) {
      gate.release(taskId);
    }
  }

  private JsonObject result(QuantConnectBacktest backtest) {
    JsonObjectBuilder result =
        Json.createObjectBuilder()
            .add("project_id", spec.projectId())
            .add("backtest_id", backtestId)
            .add("status", backtest.status() == null ? "Completed." : backtest.status())
            .add("statistics", map(backtest.statistics()))
            .add("runtime_statistics", map(backtest.runtimeStatistics()));
    if (backtest.name() != null) {
      result.add("name", backtest.name());
    }
    if (backtest.statistics() == null) {
      result.add(
          "note",
          "QuantConnect had not published the statistics "
              + settings.statisticsWait().toSeconds()
              + " s after completion");
    }
    if (settings.sandbox()) {
      result.add("sandbox", true);
    } else {
      result.add(
          "url", "https://www.quantconnect.com/project/" + spec.projectId() + "/" + backtestId);
    }
    return result.build();
  }

  private static JsonObject map(Map<String, String> values) {
    JsonObjectBuilder object = Json.createObjectBuilder();
    if (values != null) {
      values.forEach(object::add);
    }
    return object.build();
  }

  static String failureMessage(QuantConnectBacktest backtest) {
    StringBuilder message = new StringBuilder("QuantConnect backtest ");
    message.append(backtest.backtestId()).append(" ended with ");
    message.append(backtest.status() == null ? "an error" : backtest.status());
    if (backtest.error() != null) {
      message.append(": ").append(backtest.error());
    }
    if (backtest.stacktrace() != null) {
      message.append("\n").append(backtest.stacktrace());
    }
    return message.toString();
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
