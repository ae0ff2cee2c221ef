package io.tasklane.quantconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.quantconnect.sandbox.QuantConnectSandbox;
import io.tasklane.quantconnect.sandbox.SandboxBehaviour;
import io.tasklane.support.Fakes;
import io.tasklane.tasks.TaskContext;
import io.tasklane.tasks.TaskDeferred;
import io.tasklane.tasks.TaskFailure;
import jakarta.enterprise.event.Event;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  private QuantConnectAvailability availability;
  private final QuantConnectSettings settings = new QuantConnectSettings();
  private final FakeGate gate = new FakeGate();
  private final FakeExternals externals = new FakeExternals();
  private final UUID taskId = UUID.randomUUID();
  private final List<String> descriptions = new CopyOnWriteArrayList<>();

  /** Slots by task: "acquired", "sent" (create in flight) or the backtest id. */
  static final class FakeGate extends NodeGate {
    final Map<UUID, String> held = new HashMap<>();

    @Override
    public synchronized void recordBacktest(UUID taskId, long projectId, String backtestId) {
      held.put(taskId, backtestId);
    }

    @Override
    public synchronized void markCreateSent(UUID taskId, long projectId, Instant now) {
      held.put(taskId, "sent");
    }

    @Override
    public synchronized List<NodeCapacity.Holder> holders() {
      List<NodeCapacity.Holder> holders = new ArrayList<>();
      int slot = 1;
      for (Map.Entry<UUID, String> entry : held.entrySet()) {
        String state = entry.getValue();
        boolean sent = !state.equals("acquired");
        holders.add(
            new NodeCapacity.Holder(
                entry.getKey(), Instant.EPOCH, slot++, sent, sent && !state.equals("sent")));
      }
      return holders;
    }

    @Override
    public synchronized boolean release(UUID taskId) {
      return held.remove(taskId) != null;
    }

    @Override
    public synchronized boolean releaseFreedNode(UUID taskId, Instant now) {
      return held.remove(taskId) != null;
    }

    /** Tasks whose slot was handed over by one of our backtests that just ended. */
    final Set<UUID> handedOver = new java.util.HashSet<>();

    @Override
    public synchronized boolean takesOverFreedNode(UUID taskId) {
      return handedOver.contains(taskId);
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

    @Override
    public synchronized JsonObject remove(UUID taskId, Set<String> keys) {
      JsonObjectBuilder kept = Json.createObjectBuilder(read(taskId));
      keys.forEach(kept::remove);
      JsonObject json = kept.build();
      records.put(taskId, json);
      return json;
    }
  }

  @BeforeEach
  void setUp() {
    sandbox = QuantConnectSandbox.standalone(clock, 2, 0, 300);
    settings.mode = "sandbox";
    settings.userId = Optional.empty();
    settings.apiToken = Optional.empty();
    settings.nodes = 2;
    settings.pollIntervalMs = 100;
    settings.busyBackoffSeconds = 15;
    settings.statisticsWaitSeconds = 5;
    settings.unavailableBackoffSeconds = 5;
    settings.unavailableBackoffMaxSeconds = 60;
    settings.busyRecheckSeconds = 3;
    settings.readTimeoutMs = 1000;
    availability = new QuantConnectAvailability();
    availability.clock = clock;
    availability.recovered = Fakes.of(Event.class, Map.of());
    client = new QuantConnectClient();
    client.settings = settings;
    client.endpoint = sandbox;
    client.availability = availability;
    client.clock = clock;
    gate.held.put(taskId, "acquired");
  }

  private QuantConnectBacktestRun run(TaskContext context, JsonObject parameters) {
    return new QuantConnectBacktestRun(
        context,
        QuantConnectBacktestHandler.read(parameters),
        client,
        gate,
        new QuantConnectRunStates(externals),
        settings,
        availability,
        Runnable::run,
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
    gate.held.put(taskId, "acquired");
    externals.records.clear();
    JsonObject second = run(context(1), parameters()).run();
    assertEquals(first.getJsonObject("statistics"), second.getJsonObject("statistics"));
  }

  @Test
  void build_error_fails_with_the_compilers_message() {
    behave(0, 0, Map.of(PROJECT, "main.py:3 SyntaxError: invalid syntax"), Map.of());
    TaskFailure e = assertThrows(TaskFailure.class, () -> run(context(1), parameters()).run());
    assertTrue(e.getMessage().contains("SyntaxError: invalid syntax"), e.getMessage());
    assertTrue(gate.held.isEmpty());
    assertEquals(0, sandbox.state().getInt("created"));
  }

  @Test
  void runtime_error_fails_with_error_and_stack_trace() {
    behave(0, 0, Map.of(), Map.of(PROJECT, "Division by zero in OnData"));
    TaskFailure e = assertThrows(TaskFailure.class, () -> run(context(1), parameters()).run());
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

    gate.held.put(taskId, "acquired");
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
  void persistent_faults_before_the_backtest_exists_make_the_task_wait_and_free_its_slot() {
    behave(0, 100, Map.of(), Map.of());
    TaskDeferred waiting =
        assertThrows(TaskDeferred.class, () -> run(context(1), parameters()).run());
    assertTrue(
        waiting.getMessage().startsWith("QuantConnect unavailable since "), waiting.getMessage());
    assertEquals(Duration.ofSeconds(5), waiting.delay());
    assertTrue(gate.held.isEmpty(), "no backtest of its own: the slot goes back");
    assertEquals("unavailable", externals.read(taskId).getString("waiting_for"));
    assertEquals(1, externals.read(taskId).getInt("unavailable_waits"), "the next wait doubles");
  }

  @Test
  void waits_for_an_unavailable_quantconnect_double_from_5_s_up_to_a_minute() {
    assertEquals(
        List.of(5L, 10L, 20L, 40L, 60L, 60L),
        java.util.stream.IntStream.rangeClosed(1, 6)
            .mapToObj(n -> settings.unavailableBackoff(n).toSeconds())
            .toList());
  }

  @Test
  void a_create_whose_answer_is_lost_is_found_by_its_tag_and_followed_never_sent_again() {
    SandboxBehaviour b = sandbox.behaviour();
    sandbox.behave(b.withLoseCreateAnswers(1));
    JsonObject result = run(context(1), parameters()).run();

    JsonObject state = sandbox.state();
    assertEquals(1, state.getInt("lost_create_answers"));
    assertEquals(1, state.getInt("created"), "one backtest");
    assertEquals(1, state.getJsonObject("requests_by_endpoint").getInt("backtests/create"));
    assertTrue(result.getString("name").contains(taskId.toString()));
    assertFalse(result.getJsonObject("statistics").isEmpty());
  }

  @Test
  void two_backtests_carrying_the_tasks_tag_are_cut_back_to_the_earliest() {
    String compileId = client.createCompile(PROJECT);
    String name = "Tasklane " + QuantConnectBacktestRun.tag(taskId);
    String first = client.createBacktest(PROJECT, compileId, name, Map.of()).backtestId();
    String second = client.createBacktest(PROJECT, compileId, name, Map.of()).backtestId();
    externals.merge(
        taskId, Map.of("create_requested_at", Json.createValue("2026-01-01T00:00:00Z")));

    JsonObject result = run(context(2), parameters()).run();

    assertEquals(2, sandbox.state().getInt("created"), "nothing created anew");
    assertEquals(first, result.getString("backtest_id"));
    assertTrue(
        sandbox.state().getJsonArray("deleted").getValuesAs(jakarta.json.JsonString.class).stream()
            .anyMatch(s -> s.getString().equals(second)),
        "the later duplicate was deleted");
  }

  @Test
  void an_outage_while_the_backtest_runs_is_waited_out_and_it_completes() throws Exception {
    sandbox.behave(
        new SandboxBehaviour(2, 0, 0, 0, 1500, 1, Map.of(), Map.of(), false, false, 0, 0, 0));
    TaskContext context = context(1);
    CompletableFuture<JsonObject> outcome =
        CompletableFuture.supplyAsync(() -> run(context, parameters()).run());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!externals.read(taskId).containsKey("backtest_id") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    SandboxBehaviour b = sandbox.behaviour();
    sandbox.behave(
        new SandboxBehaviour(
            b.nodes(),
            0,
            0,
            0,
            b.backtestMs(),
            1,
            Map.of(),
            Map.of(),
            false,
            false,
            0,
            0,
            0,
            0,
            Instant.now().plusMillis(2500)));

    JsonObject result = outcome.get(30, TimeUnit.SECONDS);

    assertFalse(result.getJsonObject("statistics").isEmpty());
    assertTrue(
        descriptions.stream().anyMatch(d -> d.contains("runs on, read again")),
        descriptions.toString());
    assertEquals(1, sandbox.state().getInt("created"));
  }

  @Test
  void a_build_known_to_have_succeeded_is_not_read_again() {
    String ahead = client.createCompile(PROJECT);
    externals.merge(
        taskId,
        Map.of(
            "compile_id", Json.createValue(ahead),
            "compile_state", Json.createValue("BuildSuccess")));
    run(context(1), parameters()).run();
    JsonObject requests = sandbox.state().getJsonObject("requests_by_endpoint");
    assertFalse(requests.containsKey("compile/read"), requests.toString());
    assertEquals(1, requests.getInt("compile/create"), "only the build made ahead");
  }

  @Test
  void a_node_handed_over_by_our_own_ended_backtest_needs_no_nodes_read() {
    gate.handedOver.add(taskId);
    run(context(1), parameters()).run();
    JsonObject requests = sandbox.state().getJsonObject("requests_by_endpoint");
    assertFalse(requests.containsKey("projects/nodes/read"), requests.toString());
    assertEquals(1, sandbox.state().getInt("created"));
  }

  @Test
  void a_siblings_create_in_flight_is_let_settle_before_the_nodes_are_counted() throws Exception {
    UUID sibling = UUID.randomUUID();
    gate.held.put(sibling, "sent"); // its create is out; QuantConnect may or may not count it
    CompletableFuture<JsonObject> outcome =
        CompletableFuture.supplyAsync(() -> run(context(1), parameters()).run());
    Thread.sleep(300);
    assertFalse(outcome.isDone(), "waits for the sibling rather than guessing");
    assertEquals(0, sandbox.state().getInt("created"));
    synchronized (gate) {
      gate.held.put(sibling, "bt-sibling"); // its answer arrived: it counts as ours, once
    }
    JsonObject result = outcome.get(30, TimeUnit.SECONDS);
    assertFalse(result.getJsonObject("statistics").isEmpty());
  }

  @Test
  void a_siblings_backtest_created_while_the_nodes_read_is_out_is_not_taken_for_room() {
    // One node is busy outside Tasklane. The nodes read sees it alone; before the run reads its
    // slots, a sibling's create goes out and is answered: the last node is the sibling's now.
    sandbox.behave(
        new SandboxBehaviour(2, 1, 0, 0, 60_000, 1, Map.of(), Map.of(), false, false, 0, 0, 0));
    UUID sibling = UUID.randomUUID();
    java.util.concurrent.atomic.AtomicBoolean first =
        new java.util.concurrent.atomic.AtomicBoolean();
    client.endpoint =
        (QuantConnectApi)
            java.lang.reflect.Proxy.newProxyInstance(
                QuantConnectApi.class.getClassLoader(),
                new Class<?>[] {QuantConnectApi.class},
                (proxy, method, args) -> {
                  Object answer = method.invoke(sandbox, args);
                  if (method.getName().equals("readNodes") && first.compareAndSet(false, true)) {
                    String build =
                        sandbox.createCompile(project(PROJECT + 1)).getString("compileId");
                    String created =
                        sandbox
                            .createBacktest(
                                Json.createObjectBuilder(project(PROJECT + 1))
                                    .add("compileId", build)
                                    .add("backtestName", "sibling")
                                    .build())
                            .getJsonObject("backtest")
                            .getString("backtestId");
                    gate.recordBacktest(sibling, PROJECT + 1, created);
                  }
                  return answer;
                });

    TaskDeferred waiting =
        assertThrows(TaskDeferred.class, () -> run(context(1), parameters()).run());
    assertTrue(waiting.getMessage().contains("busy"), waiting.getMessage());
    JsonObject state = sandbox.state();
    assertEquals(0, state.getInt("refused_no_spare_nodes"), state.toString());
    assertEquals(1, state.getInt("created"), "the sibling's only");
    assertEquals(2, state.getJsonObject("requests_by_endpoint").getInt("projects/nodes/read"));
  }

  private static JsonObject project(long id) {
    return Json.createObjectBuilder().add("projectId", id).build();
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
