package io.tasklane.quantconnect;

import io.tasklane.tasks.TaskContext;
import io.tasklane.tasks.TaskDeferred;
import io.tasklane.tasks.TaskFailure;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One attempt at a {@code qc_backtest}: build, wait for a node, create, follow, collect the
 * statistics. It holds one node slot from admission until QuantConnect no longer runs anything for
 * it; on cancel and timeout it deletes the backtest (QuantConnect has no stop call) before letting
 * the slot go.
 *
 * <p>Exactly one backtest per task, whatever the network does. Every backtest is named with the
 * task id, and the intent to create is recorded before the call. A create whose outcome is unknown
 * (reset, timeout, 5xx after the request went out) is never simply sent again: the project's
 * backtest list is searched for the task's tag first, and so is it on any later attempt. Two
 * backtests with one tag (a create QuantConnect processed after it looked lost) are cut back to
 * one.
 *
 * <p>Faults wait, they never fail: until its backtest exists the task goes back to the head of its
 * lane and waits (5 s, doubling to 60 s, no attempt used); once it exists, reads are retried until
 * they succeed or the task's own timeout ends it.
 */
final class QuantConnectBacktestRun {
  private static final Logger LOG = Logger.getLogger(QuantConnectBacktestRun.class.getName());

  /** Tries of an idempotent call, 1 s, 2 s, 4 s apart, before the task waits in the queue. */
  private static final int TRIES = 4;

  private final TaskContext context;
  private final QuantConnectBacktestHandler.Spec spec;
  private final QuantConnectClient client;
  private final NodeGate gate;
  private final QuantConnectRunStates states;
  private final QuantConnectSettings settings;
  private final QuantConnectAvailability availability;
  private final Executor executor;
  private final Clock clock;
  private final UUID taskId;

  /** The task's external record as this attempt last read or wrote it. */
  private QuantConnectRunState state;

  private String backtestId;

  /** The node slot admission took for this task, let go only through it. */
  private final RunNodeSlot slot;

  /** This task's backtests on QuantConnect, found by its tag. */
  private final TaggedBacktests tagged;

  /** This attempt met an unknown create outcome: look for duplicates once the backtest runs. */
  private boolean checkForDuplicates;

  QuantConnectBacktestRun(
      TaskContext context,
      QuantConnectBacktestHandler.Spec spec,
      QuantConnectClient client,
      NodeGate gate,
      QuantConnectRunStates states,
      QuantConnectSettings settings,
      QuantConnectAvailability availability,
      Executor executor,
      Clock clock) {
    this.context = context;
    this.spec = spec;
    this.client = client;
    this.gate = gate;
    this.states = states;
    this.settings = settings;
    this.availability = availability;
    this.executor = executor;
    this.clock = clock;
    this.taskId = context.taskId();
    this.slot = new RunNodeSlot(gate, taskId, spec.projectId(), clock);
    this.tagged = new TaggedBacktests(client, spec.projectId(), taskId);
  }

  /** The tag that marks a backtest as this task's on QuantConnect. */
  static String tag(UUID taskId) {
    return TaggedBacktests.tag(taskId);
  }

  JsonObject run() {
    state = states.load(taskId);
    try {
      if (state.createMayHaveBeenSent()) {
        // An earlier attempt may have created it (its answer lost in a crash or a reset).
        slot.earlierCreateMayHaveRun();
        backtestId = lookUp(state.backtestId());
        if (backtestId != null) {
          context.report("Re-attached to QuantConnect backtest " + backtestId, null);
        }
      }
      if (backtestId == null) {
        NodeCapacity.Reading prefetched = null;
        String compileId = state.compileId();
        if (compileId == null || !state.builtSuccessfully()) {
          BuildAndNodes ready = build(compileId);
          compileId = ready.compileId();
          prefetched = ready.nodes();
        }
        if (!slot.takesOverFreedNode()) {
          awaitNode(prefetched);
        }
        backtestId = create(compileId);
      }
      QuantConnectBacktest finished = monitor();
      if (checkForDuplicates) {
        removeDuplicatesQuietly();
      }
      // The node is free once the backtest has ended: the next task may start while this one
      // waits for its statistics.
      slot.backtestEnded();
      if (finished.failed()) {
        throw new TaskFailure(failureMessage(finished));
      }
      return result(awaitStatistics(finished));
    } catch (CancellationException stopped) {
      stopOnQuantConnect();
      throw stopped;
    } catch (QuantConnectFailure.BadCredentials e) {
      throw waitInQueue(
          LaneWait.CREDENTIALS,
          "Waiting for valid QuantConnect credentials: " + e.getMessage(),
          Duration.ofSeconds(60));
    } catch (QuantConnectFailure.Unavailable e) {
      int waits = state.unavailableWaitsSoFar() + 1;
      record(state.withUnavailableWaits(waits));
      String since =
          availability.outage().map(QuantConnectAvailability.Episode::describe).orElse(null);
      throw waitInQueue(
          LaneWait.UNAVAILABLE,
          "QuantConnect unavailable " + (since != null ? since : "(" + e.getMessage() + ")"),
          settings.unavailableBackoff(waits));
    } catch (QuantConnectFailure.Refused e) {
      slot.letGoOnRefusal();
      throw new TaskFailure("QuantConnect refused the request: " + e.getMessage(), e);
    } catch (QuantConnectFailure.NoSpareNodes e) {
      // Only create can answer this, and create handles it; anything else is QuantConnect's news.
      throw waitForNodes(LaneWait.NO_SPARE_NODES, e.getMessage());
    }
  }

  /**
   * The backtests of the project carrying this task's tag: none (then no earlier create took
   * effect, and the task may create), or the one to follow; any further ones are deleted.
   *
   * @param known the backtest id recorded earlier, kept in preference to others with the tag
   */
  private String lookUp(String known) {
    return lookUp(known, call(() -> client.listBacktests(spec.projectId())));
  }

  private String lookUp(String known, List<QuantConnectBacktest> backtests) {
    List<QuantConnectBacktest> ours = tagged.ours(backtests);
    Optional<QuantConnectBacktest> keep = TaggedBacktests.toFollow(ours, known);
    if (keep.isEmpty()) {
      slot.noBacktest();
      record(state.withoutBacktest());
      return null;
    }
    if (!tagged.deleteAllBut(ours, keep.get())) {
      checkForDuplicates = true;
    }
    String id = keep.get().backtestId();
    record(state.withBacktest(id));
    slot.backtest(id);
    return id;
  }

  /** A late duplicate (created after our lookup) still costs a node: look once more at the end. */
  private void removeDuplicatesQuietly() {
    try {
      List<QuantConnectBacktest> ours =
          tagged.ours(call(() -> client.listBacktests(spec.projectId())));
      Optional<QuantConnectBacktest> kept =
          ours.stream().filter(b -> b.backtestId().equals(backtestId)).findFirst();
      if (kept.isPresent() && !tagged.deleteAllBut(ours, kept.get())) {
        checkForDuplicates = true;
      }
    } catch (QuantConnectFailure e) {
      LOG.log(Level.FINE, "Could not look for duplicate backtests of " + taskId, e);
    }
  }

  private record BuildAndNodes(String compileId, NodeCapacity.Reading nodes) {}

  /**
   * Uses the build made while the task queued (see {@link Precompiler}) when there is one, so a
   * freed node gets its next backtest without waiting for a compiler. Reading that build's state
   * and the organization's nodes do not depend on each other: they go out together.
   */
  private BuildAndNodes build(String ahead) {
    if (ahead != null) {
      CompletableFuture<NodeCapacity.Reading> nodes = prefetchNodes();
      try {
        QuantConnectClient.CompileState compile = readCompile(ahead);
        if (compile.succeeded()) {
          return new BuildAndNodes(ahead, await(nodes));
        }
        return new BuildAndNodes(awaitBuild(ahead, compile), null);
      } catch (QuantConnectFailure.Refused unknown) {
        // QuantConnect no longer knows that build: make a new one.
      }
    }
    context.report("Compiling QuantConnect project " + spec.projectId() + "...", 0);
    String compileId = call(() -> client.createCompile(spec.projectId()));
    record(state.withBuild(spec.projectId(), compileId));
    return new BuildAndNodes(awaitBuild(compileId, readCompile(compileId)), null);
  }

  private CompletableFuture<NodeCapacity.Reading> prefetchNodes() {
    Set<UUID> knownBefore = NodeCapacity.Reading.known(gate.holders());
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new NodeCapacity.Reading(client.readNodes(spec.projectId()), knownBefore);
          } catch (QuantConnectFailure e) {
            return null; // read again, with retries, when it is needed
          }
        },
        executor);
  }

  private static NodeCapacity.Reading await(CompletableFuture<NodeCapacity.Reading> nodes) {
    try {
      return nodes.join();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private QuantConnectClient.CompileState readCompile(String compileId) {
    return call(() -> client.readCompile(spec.projectId(), compileId));
  }

  private String awaitBuild(String compileId, QuantConnectClient.CompileState first) {
    QuantConnectClient.CompileState compile = first;
    for (int read = 0; ; read++) {
      if (compile.succeeded()) {
        record(state.withCompileState(compile.state()));
        return compileId;
      }
      if (compile.failed()) {
        slot.letGo();
        throw new TaskFailure(
            "Build error in QuantConnect project "
                + spec.projectId()
                + (compile.logs().isEmpty() ? "" : ":\n" + String.join("\n", compile.logs())));
      }
      context.pause(pollDelay(read));
      compile = readCompile(compileId);
    }
  }

  /**
   * Reads the organization's nodes first: someone may run a backtest from QuantConnect's web IDE,
   * on a node Tasklane cannot see in its own table. Waiting here avoids a refused create. Our own
   * slots are read before and after the nodes, and a sibling's create in flight or answered
   * meanwhile is let settle first, so each of our backtests is counted once (see {@link
   * NodeCapacity}).
   */
  private void awaitNode(NodeCapacity.Reading prefetched) {
    Instant settleBy = clock.instant().plus(settleBudget());
    NodeCapacity.Reading nodes = prefetched;
    while (true) {
      if (nodes == null) {
        Set<UUID> knownBefore = NodeCapacity.Reading.known(gate.holders());
        nodes =
            new NodeCapacity.Reading(call(() -> client.readNodes(spec.projectId())), knownBefore);
      }
      boolean settled = !clock.instant().isBefore(settleBy);
      NodeCapacity.Verdict verdict = NodeCapacity.decide(nodes, gate.holders(), taskId, settled);
      if (verdict instanceof NodeCapacity.Launch) {
        return;
      }
      if (verdict instanceof NodeCapacity.Busy busy) {
        throw waitForNodes(LaneWait.NODES_BUSY, busy.describe());
      }
      // A sibling's create is in flight: once it settles, QuantConnect's count is unambiguous.
      context.pause(Duration.ofMillis(100));
      if (!gate.holders().stream().anyMatch(NodeCapacity.Holder::inFlight)) {
        nodes = null;
      }
    }
  }

  /** About as long as a create can take to be answered or given up. */
  private Duration settleBudget() {
    return Duration.ofMillis(settings.readTimeoutMs()).plusSeconds(5);
  }

  /**
   * Sends {@code backtests/create} once. An unknown outcome is followed by a look at the project's
   * backtests for this task's tag before anything is sent again.
   */
  private String create(String compileId) {
    String name =
        (spec.backtestName() == null ? "Tasklane" : spec.backtestName()) + " " + tag(taskId);
    for (int tries = 1; ; tries++) {
      context.report("Launching the backtest on QuantConnect...", 0);
      Instant now = clock.instant();
      record(state.withCreateRequested(name, now));
      slot.createSent(now);
      QuantConnectBacktest created;
      try {
        created =
            client.createBacktest(spec.projectId(), compileId, name, spec.strategyParameters());
      } catch (QuantConnectFailure.NoSpareNodes e) {
        // The web IDE raced us to the last node: wait, never fail. Nothing of ours was created,
        // unless an earlier create of this attempt went unanswered: then the next attempt looks.
        slot.noBacktest();
        if (!checkForDuplicates) {
          record(state.withoutCreateRequest());
        }
        throw waitForNodes(
            LaneWait.NO_SPARE_NODES, "QuantConnect has no spare node (" + e.getMessage() + ")");
      } catch (QuantConnectFailure.Unavailable e) {
        checkForDuplicates = true;
        LOG.fine(() -> "Create of task " + taskId + " unanswered (" + e.getMessage() + ")");
        String found = lookUp(null);
        if (found != null) {
          return launched(found);
        }
        if (tries >= TRIES) {
          throw e;
        }
        context.pause(Duration.ofSeconds(1L << (tries - 1)));
        continue;
      }
      String id = created.backtestId();
      record(state.withBacktest(id));
      slot.backtest(id);
      return launched(id);
    }
  }

  private String launched(String id) {
    record(state.launched());
    return id;
  }

  /** Back to the head of the lane until a node frees; no attempt is used. */
  private TaskDeferred waitForNodes(LaneWait why, String detail) {
    int waits = state.nodeWaitsSoFar() + 1;
    record(state.withNodeWaits(waits));
    Duration delay = settings.busyBackoff(waits);
    return waitInQueue(
        why,
        "All QuantConnect nodes busy outside Tasklane: "
            + detail
            + "; starting as soon as one frees (looked at again within "
            + delay.toSeconds()
            + " s)",
        delay);
  }

  /**
   * Gives the slot back unless a backtest of ours may be running on it (then the node is really in
   * use, and the slot keeps counting it), notes what the task waits for, and defers it.
   */
  private TaskDeferred waitInQueue(LaneWait why, String reason, Duration delay) {
    slot.letGo();
    record(state.withWaitingFor(why, spec.projectId()));
    String text =
        why == LaneWait.NODES_BUSY || why == LaneWait.NO_SPARE_NODES
            ? reason
            : reason + "; trying again in " + delay.toSeconds() + " s";
    return new TaskDeferred(text, delay);
  }

  private QuantConnectBacktest monitor() {
    Instant firstAt = null;
    double firstProgress = 0;
    for (int read = 0; ; read++) {
      long sent = System.nanoTime();
      QuantConnectBacktest backtest =
          follow(() -> client.readBacktest(spec.projectId(), backtestId));
      Duration roundTrip = Duration.ofNanos(System.nanoTime() - sent);
      if (backtest.finished()) {
        return backtest;
      }
      if (read == 4 && checkForDuplicates) {
        // A create that looked lost may have been processed after our lookup.
        removeDuplicatesQuietly();
        checkForDuplicates = false;
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
      // A slow QuantConnect reads the state about half a round trip after the request leaves:
      // the read due at the end goes out that much earlier.
      context.pause(
          nextRead(read, remaining == null ? null : remaining.minus(roundTrip.dividedBy(2))));
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
      try {
        backtest = client.readBacktest(spec.projectId(), backtestId);
      } catch (QuantConnectFailure.Unavailable | QuantConnectFailure.BadCredentials e) {
        // Keep what we have; the next read may succeed before giving up.
      }
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

  /** An idempotent call, retried a few times within the attempt, backing off. */
  private <T> T call(Supplier<T> request) {
    Duration wait = Duration.ofSeconds(1);
    for (int attempt = 1; ; attempt++) {
      try {
        return request.get();
      } catch (QuantConnectFailure.Unavailable e) {
        if (attempt >= TRIES) {
          throw e;
        }
        context.report("QuantConnect unavailable (" + e.getMessage() + "); retrying...", null);
        context.pause(wait);
        wait = wait.multipliedBy(2);
      }
    }
  }

  /**
   * A read of the running backtest: it exists and runs whatever our connection does, so faults are
   * waited out (1 s, 2 s, 4 s, then doubling from the outage back-off to its maximum); only the
   * task's own timeout or a cancel ends the wait.
   */
  private <T> T follow(Supplier<T> read) {
    for (int failures = 1; ; failures++) {
      try {
        return read.get();
      } catch (QuantConnectFailure.Unavailable | QuantConnectFailure.BadCredentials e) {
        Duration wait =
            failures < TRIES
                ? Duration.ofSeconds(1L << (failures - 1))
                : settings.unavailableBackoff(failures - TRIES + 1);
        String since =
            availability
                .outage()
                .or(availability::rejection)
                .map(QuantConnectAvailability.Episode::describe)
                .orElse("(" + e.getMessage() + ")");
        context.report(
            "QuantConnect unavailable "
                + since
                + "; backtest "
                + backtestId
                + " runs on, read again in "
                + wait.toSeconds()
                + " s",
            null);
        context.pause(wait);
      }
    }
  }

  /**
   * Cancel or timeout: delete the backtest so the node is really free, then free the slot. When
   * QuantConnect cannot be reached, the slot stays held and {@link OrphanedNodeSlots} tries again.
   */
  private void stopOnQuantConnect() {
    if (slot.backtestMayExist()) {
      try {
        // Straight to the client: the stopped context refuses every pause and report.
        backtestId = lookUp(null, client.listBacktests(spec.projectId()));
      } catch (QuantConnectFailure e) {
        // The slot stays held (its create was sent): the orphaned-slot clean-up looks later.
        return;
      }
    }
    if (backtestId == null) {
      slot.letGo();
      return;
    }
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        client.deleteBacktest(spec.projectId(), backtestId);
        slot.backtestEnded();
        return;
      } catch (QuantConnectFailure.Refused gone) {
        slot.backtestEnded();
        return;
      } catch (QuantConnectFailure e) {
        LOG.log(
            Level.FINE, "Could not delete backtest " + backtestId + " of " + taskId + " yet", e);
        sleepQuietly(Duration.ofSeconds(attempt));
      }
    }
    LOG.warning(
        () ->
            "Could not delete backtest "
                + backtestId
                + " of stopped task "
                + taskId
                + "; its node stays held until a later try succeeds");
  }

  /** Saves the changed keys of the task's external record. */
  private void record(QuantConnectRunState next) {
    state = states.save(taskId, state, next);
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
