package io.tasklane.quantconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.quantconnect.sandbox.QuantConnectSandbox;
import io.tasklane.quantconnect.sandbox.SandboxBehaviour;
import io.tasklane.tasks.TaskContext;
import io.tasklane.tasks.TaskDeferred;
import io.tasklane.tasks.TransientTaskFailure;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One qc_backtest attempt against the in-process sandbox, the database beans replaced by maps. */
class QuantConnectBacktestRunTest {
  private static final long PROJECT = 4711;

  private final Clock clock = Clock.systemUTC();
  private QuantConnectSandbox sandbox;
  private QuantConnectClient client;
  private final QuantConnectSettings settings = new QuantConnectSettings();
  private final FakeGate gate = new FakeGate();
  private final FakeExternals externals = new FakeExternals();
  private final UUID taskId = UUID.randomUUID();
  private final List<String> descriptions = new CopyOnWriteArrayList<>();

  static final class FakeGate extends NodeGate {
    final Map<UUID, String> held = new HashMap<>();

    @Override
    public synchronized void recordBacktest(UUID taskId, long projectId, String backtestId) {
      held.put(taskId, backtestId);
    }

    @Override
    public int launchingAhead(UUID taskId) {
      return 0;
    }

    @Override
    public synchronized boolean release(UUID taskId) {
      return held.remove(taskId) != null;
    }
  }

  static final class FakeExternals extends TaskExternals {
    final Map<UUID, JsonObject> records = new HashMap<>();

    @Override
    public synchronized JsonObject read(UUID taskId) {
      return records.getOrDefault(taskId, JsonValue.EMPTY_JSON_OBJECT);
    }

    @Override
    public synchronized JsonObject merge(UUID taskId, Map<String, JsonValue> values) {
      JsonObjectBuilder merged = Json.createObjectBuilder(read(taskId));
      values.forEach(merged::add);
      JsonObject json = merged.build();
      records.put(taskId, json);
      return json;
    }
  }

  @BeforeEach
  void setUp() {
    sandbox = QuantConnectSandbox.standalone(clock, 2, 0, 300);
    settings.userId = Optional.empty();
    settings.apiToken = Optional.empty();
    settings.nodes = 2;
    settings.pollIntervalMs = 100;
    settings.busyBackoffSeconds = 15;
    settings.statisticsWaitSeconds = 5;
    client = new QuantConnectClient();
    client.settings = settings;
    client.sandbox = sandbox;
    client.clock = clock;
    gate.held.put(taskId, "slot taken at admission");
  }

  private QuantConnectBacktestRun run(TaskContext context, JsonObject parameters) {
    return new QuantConnectBacktestRun(
        context,
        QuantConnectBacktestHandler.read(parameters),
        client,
        gate,
        externals,
        settings,
        clock);
  }

  private TaskContext context(int attempt) {
    return new TaskContext(
        taskId,
        "alice",
        Json.createObjectBuilder().build(),
        attempt,
        (d, p) -> descriptions.add(d),
        Duration.ZERO);
  }

  private static JsonObject parameters() {
    return Json.createObjectBuilder()
        .add("project_id", PROJECT)
        .add("parameters", Json.createObjectBuilder().add("fast", 10))
        .build();
  }

  private void behave(
      int busyElsewhere, int failNext, Map<Long, String> build, Map<Long, String> runtime) {
    SandboxBehaviour b = sandbox.behaviour();
    sandbox.behave(
        new SandboxBehaviour(
            b.nodes(),
            busyElsewhere,
            failNext,
            b.compileMs(),
            b.backtestMs(),
            1,
            build,
            runtime,
            false,
            false,
            0,
            0,
            0));
  }

  @Test
  void completed_backtest_returns_statistics_and_frees_its_node() {
    JsonObject result = run(context(1), parameters()).run();

    assertEquals(PROJECT, result.getJsonNumber("project_id").longValue());
    assertFalse(result.getJsonObject("statistics").isEmpty(), result.toString());
    assertTrue(result.getJsonObject("statistics").containsKey("Sharpe Ratio"));
    assertTrue(gate.held.isEmpty(), "slot released");
    JsonObject external = externals.read(taskId);
    assertEquals(result.getString("backtest_id"), external.getString("backtest_id"));
    assertTrue(external.containsKey("compile_id"));
    assertEquals(1, sandbox.state().getInt("created"));
    assertTrue(descriptions.stream().anyMatch(d -> d.startsWith("QuantConnect backtest ")));
  }

  @Test
  void same_project_and_parameters_give_the_same_statistics() {
    JsonObject first = run(context(1), parameters()).run();
    gate.held.put(taskId, "again");
    externals.records.clear();
    JsonObject second = run(context(1), parameters()).run();
    assertEquals(first.getJsonObject("statistics"), second.getJsonObject("statistics"));
  }

  @Test
  void build_error_fails_with_the_compilers_message() {
    behave(0, 0, Map.of(PROJECT, "main.py:3 SyntaxError: invalid syntax"), Map.of());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> run(context(1), parameters()).run());
    assertTrue(e.getMessage().contains("SyntaxError: invalid syntax"), e.getMessage());
    assertTrue(gate.held.isEmpty());
    assertEquals(0, sandbox.state().getInt("created"));
  }

  @Test
  void runtime_error_fails_with_error_and_stack_trace() {
    behave(0, 0, Map.of(), Map.of(PROJECT, "Division by zero in OnData"));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> run(context(1), parameters()).run());
    assertTrue(
        e.getMessage().contains("Runtime Error: Division by zero in OnData"), e.getMessage());
    assertTrue(e.getMessage().contains("at QuantConnect.Algorithm"), e.getMessage());
    assertTrue(gate.held.isEmpty());
  }

  @Test
  void nodes_busy_elsewhere_defer_the_task_and_free_its_slot_without_calling_create() {
    behave(2, 0, Map.of(), Map.of());
    TaskDeferred deferred =
        assertThrows(TaskDeferred.class, () -> run(context(1), parameters()).run());
    assertTrue(deferred.getMessage().contains("busy"), deferred.getMessage());
    assertEquals(Duration.ofSeconds(15), deferred.delay());
    assertTrue(gate.held.isEmpty());
    assertEquals(0, sandbox.state().getInt("refused_no_spare_nodes"), "create never called");

    gate.held.put(taskId, "retaken");
    TaskDeferred again =
        assertThrows(TaskDeferred.class, () -> run(context(1), parameters()).run());
    assertEquals(Duration.ofSeconds(30), again.delay(), "backs off");
  }

  @Test
  void no_spare_nodes_answer_to_create_defers_the_task_instead_of_failing_it() {
    SandboxBehaviour b = sandbox.behaviour();
    sandbox.behave(
        new SandboxBehaviour(
            2, 2, 0, b.compileMs(), b.backtestMs(), 1, Map.of(), Map.of(), false, true, 0, 0, 0));
    TaskDeferred deferred =
        assertThrows(TaskDeferred.class, () -> run(context(1), parameters()).run());
    assertTrue(deferred.getMessage().contains("no spare node"), deferred.getMessage());
    assertEquals(1, sandbox.state().getInt("refused_no_spare_nodes"));
    assertTrue(gate.held.isEmpty());
  }

  @Test
  void transport_faults_are_retried_within_the_attempt() {
    behave(0, 2, Map.of(), Map.of());
    JsonObject result = run(context(1), parameters()).run();
    assertFalse(result.getJsonObject("statistics").isEmpty());
  }

  @Test
  void persistent_faults_become_a_transient_failure_and_free_an_unused_slot() {
    behave(0, 100, Map.of(), Map.of());
    assertThrows(TransientTaskFailure.class, () -> run(context(1), parameters()).run());
    assertTrue(gate.held.isEmpty());
  }

  @Test
  void cancel_deletes_the_running_backtest_then_frees_the_slot() throws Exception {
    sandbox.behave(
        new SandboxBehaviour(2, 0, 0, 0, 60_000, 1, Map.of(), Map.of(), false, false, 0, 0, 0));
    TaskContext context = context(1);
    CompletableFuture<Throwable> outcome =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                run(context, parameters()).run();
                return null;
              } catch (Throwable t) {
                return t;
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!externals.read(taskId).containsKey("backtest_id") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    String backtestId = externals.read(taskId).getString("backtest_id");
    context.stop("cancelled");

    assertTrue(outcome.get(10, TimeUnit.SECONDS) instanceof CancellationException);
    assertTrue(
        sandbox.state().getJsonArray("deleted").getValuesAs(jakarta.json.JsonString.class).stream()
            .anyMatch(s -> s.getString().equals(backtestId)));
    assertTrue(gate.held.isEmpty());
    assertEquals(0, sandbox.state().getInt("running_count"));
  }

  @Test
  void a_later_attempt_reattaches_to_the_backtest_an_earlier_one_created() {
    // The first attempt got as far as create, then its instance died before the answer was kept.
    sandbox.behave(
        new SandboxBehaviour(2, 0, 0, 0, 300, 1, Map.of(), Map.of(), false, false, 0, 0, 0));
    String compileId = client.createCompile(PROJECT);
    externals.merge(
        taskId, Map.of("create_requested_at", Json.createValue("2026-01-01T00:00:00Z")));
    client.createBacktest(
        PROJECT, compileId, "Tasklane " + QuantConnectBacktestRun.tag(taskId), Map.of());

    JsonObject result = run(context(2), parameters()).run();

    assertEquals(1, sandbox.state().getInt("created"), "never created twice");
    assertTrue(result.getString("name").contains(taskId.toString()));
    assertTrue(descriptions.stream().anyMatch(d -> d.startsWith("Re-attached")));
  }

  @Test
  void poll_delay_follows_lean_cli_rhythm_capped_at_the_configured_interval() {
    settings.pollIntervalMs = 2000;
    QuantConnectBacktestRun run = run(context(1), parameters());
    assertEquals(Duration.ofMillis(250), run.pollDelay(0));
    assertEquals(Duration.ofSeconds(1), run.pollDelay(4));
    assertEquals(Duration.ofSeconds(2), run.pollDelay(13));
    settings.pollIntervalMs = 500;
    assertEquals(Duration.ofMillis(500), run.pollDelay(5));
  }

  @Test
  void remaining_time_is_estimated_from_the_progress_rate() {
    assertEquals(
        Duration.ofSeconds(5),
        QuantConnectBacktestRun.estimateRemaining(Duration.ofSeconds(5), 0.25, 0.75));
    assertEquals(null, QuantConnectBacktestRun.estimateRemaining(Duration.ofSeconds(5), 0, 0.5));
  }

  @Test
  void a_read_is_due_when_the_backtest_should_end_but_never_sooner_than_a_quarter_second() {
    settings.pollIntervalMs = 2000;
    QuantConnectBacktestRun run = run(context(1), parameters());
    assertEquals(Duration.ofSeconds(2), run.nextRead(20, Duration.ofSeconds(30)));
    assertEquals(Duration.ofMillis(700), run.nextRead(20, Duration.ofMillis(700)));
    assertEquals(Duration.ofMillis(250), run.nextRead(20, Duration.ofMillis(10)));
    assertEquals(Duration.ofSeconds(2), run.nextRead(20, null));
  }

  @Test
  void a_build_made_while_queued_is_used_instead_of_compiling_again() {
    String ahead = client.createCompile(PROJECT);
    externals.merge(taskId, Map.of("compile_id", Json.createValue(ahead)));
    run(context(1), parameters()).run();
    assertEquals(ahead, externals.read(taskId).getString("compile_id"));
    assertTrue(
        descriptions.stream().noneMatch(d -> d.startsWith("Compiling")), descriptions.toString());
  }
}
