package io.tasklane.it;

import static io.tasklane.support.Api.q;
import static io.tasklane.support.Clients.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tasklane.client.TaskView;
import io.tasklane.client.TasklaneClient;
import io.tasklane.client.TasklaneProblemException;
import io.tasklane.client.TasksApi;
import io.tasklane.client.UsersApi;
import io.tasklane.support.Api;
import io.tasklane.support.Clients;
import io.tasklane.support.FaultyProxy;
import io.tasklane.support.PayaraProcess;
import io.tasklane.support.TestDatabase;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The QuantConnect lane on a real server whose REST client talks HTTP, with QuantConnect's
 * signature, to the sandbox's HTTP face on the same server: the two-node limit, nodes busy outside
 * Tasklane, cancel, timeout, build and runtime errors, faults and revoked credentials. For crashes
 * and clusters the same server plays QuantConnect for other Tasklane instances, because
 * QuantConnect outlives the instances that call it. Callers go through Tasklane's Java client; raw
 * HTTP for the sandbox's control (not Tasklane's API), readiness and bad input.
 */
class QuantConnectIT {
  static final String ADMIN_PASSWORD = "qc-admin-secret";
  static final String USER_ID = "4242";
  static final String TOKEN = "it-token-not-secret";
  static final Duration LONG = Duration.ofSeconds(60);
  static final Duration HAND_OFF = Duration.ofSeconds(2);

  static TestDatabase db;
  static PayaraProcess server;
  static Clients clients;

  /** The admin through Tasklane's Java client. */
  static TasklaneClient admin;

  /** The admin over raw HTTP: the sandbox's control, bad input. */
  static Api raw;

  /** Between the server's REST client and its own sandbox: resets and outages on demand. */
  static FaultyProxy network;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.create("quantconnect");
    Map<String, String> environment = new HashMap<>(db.environment());
    environment.put("TASKLANE_ADMIN_PASSWORD", ADMIN_PASSWORD);
    int port = PayaraProcess.freePort();
    network = FaultyProxy.start(port);
    environment.put(
        "TASKLANE_QUANTCONNECT_API_URL",
        "http://127.0.0.1:" + network.port() + "/api/quantconnect-sandbox/v2/");
    environment.put("TASKLANE_QUANTCONNECT_MODE", "quantconnect");
    environment.put("TASKLANE_QUANTCONNECT_USER_ID", USER_ID);
    environment.put("TASKLANE_QUANTCONNECT_API_TOKEN", TOKEN);
    environment.put("TASKLANE_QUANTCONNECT_READ_TIMEOUT_MS", "1000");
    environment.put("TASKLANE_QUANTCONNECT_SANDBOX_HTTP_ENABLED", "true");
    environment.put("TASKLANE_QUANTCONNECT_POLL_INTERVAL_MS", "200");
    // The product's 15 s back-off: waits must be ended by what ends them, not by a short back-off.
    environment.put("TASKLANE_QUANTCONNECT_BUSY_RECHECK_SECONDS", "1");
    environment.put("TASKLANE_QUANTCONNECT_HAND_OFF_SECONDS", String.valueOf(HAND_OFF.toSeconds()));
    environment.put("TASKLANE_QUANTCONNECT_UNAVAILABLE_BACKOFF_SECONDS", "1");
    environment.put("TASKLANE_QUANTCONNECT_UNAVAILABLE_BACKOFF_MAX_SECONDS", "4");
    environment.put("TASKLANE_QUANTCONNECT_STATISTICS_WAIT_SECONDS", "5");
    server =
        PayaraProcess.start(
            "quantconnect-" + System.getProperty("it.database", "h2"), environment, port);
    clients = new Clients(server.baseUrl(), ADMIN_PASSWORD);
    admin = clients.admin();
    raw = Api.anonymous(server.baseUrl()).as("admin", ADMIN_PASSWORD);
    for (String user : List.of("alice", "bob")) {
      admin.users().create(new UsersApi.NewUser(user, user + "-password", Set.of("user")));
    }
  }

  /** Another Tasklane instance, on {@code db}, whose QuantConnect is this class's server. */
  static Map<String, String> tasklaneCallingTheSandbox(TestDatabase db, String instance) {
    Map<String, String> environment = new HashMap<>(db.environment());
    environment.put("TASKLANE_ADMIN_PASSWORD", ADMIN_PASSWORD);
    environment.put("TASKLANE_INSTANCE_NAME", instance);
    environment.put(
        "TASKLANE_QUANTCONNECT_API_URL", server.baseUrl() + "api/quantconnect-sandbox/v2/");
    environment.put("TASKLANE_QUANTCONNECT_MODE", "quantconnect");
    environment.put("TASKLANE_QUANTCONNECT_USER_ID", USER_ID);
    environment.put("TASKLANE_QUANTCONNECT_API_TOKEN", TOKEN);
    environment.put("TASKLANE_QUANTCONNECT_POLL_INTERVAL_MS", "250");
    environment.put("TASKLANE_QUANTCONNECT_STATISTICS_WAIT_SECONDS", "5");
    environment.put("TASKLANE_SCHEDULER_LEASE_SECONDS", "5");
    return environment;
  }

  @AfterAll
  static void stop() throws Exception {
    if (clients != null) {
      clients.close();
    }
    if (server != null) {
      server.close();
    }
    if (network != null) {
      network.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void resetSandbox() {
    network.reset();
    cancelLeftovers();
    awaitLaneIdle();
    assertEquals(200, raw.post("api/quantconnect-sandbox/control/reset", "{}").status());
    sandbox("{'compile_ms':100,'backtest_ms':1500}");
  }

  static JsonObject sandbox(String changes) {
    Api.Reply reply = raw.put("api/quantconnect-sandbox/control", q(changes));
    assertEquals(200, reply.status(), reply::body);
    return reply.json();
  }

  static JsonObject sandboxState() {
    return raw.get("api/quantconnect-sandbox/control").json();
  }

  /**
   * A node the previous test's backtest freed is handed to the next task without a nodes read; a
   * test that makes nodes busy outside Tasklane and counts refused creates starts after that. The
   * API does not show the window, so its length (and a little) is let pass.
   */
  static void awaitHandOffWindowOver() {
    Api.letPass(HAND_OFF.plusMillis(100));
  }

  /** Waits until the task's {@code blocked_reason} says {@code part}, and returns the task. */
  static TaskView awaitBlockedReason(UUID id, String part) {
    return Clients.awaitTask(
        admin, id, LONG, t -> t.blockedReason() != null && t.blockedReason().contains(part));
  }

  /** A QuantConnect backtest of {@code project} with the server's defaults. */
  static TasksApi.SubmitTask qcBacktest(long project) {
    return TasksApi.SubmitTask.of("qc_backtest", json("{'project_id':" + project + "}"));
  }

  static UUID submit(long project) {
    return submit(admin, project);
  }

  static UUID submit(TasklaneClient who, long project) {
    return who.tasks().submit(qcBacktest(project)).taskId();
  }

  static TaskView awaitStatus(TasklaneClient who, UUID id, String status, Duration timeout) {
    return Clients.awaitStatus(who, id, status, timeout);
  }

  static TaskView awaitStatus(UUID id, String status) {
    return awaitStatus(admin, id, status, LONG);
  }

  /** Until QuantConnect has given the task's backtest an id. */
  static TaskView awaitBacktestId(UUID id) {
    return Clients.awaitTask(
        admin, id, LONG, t -> t.external() != null && t.external().containsKey("backtest_id"));
  }

  static List<TaskView> qcBacktests(TasklaneClient who, String status) {
    return who.tasks()
        .list(status, "qc_backtest", null, null, null, null, null, null, null, 0, 200)
        .items();
  }

  /** A test that failed half-way may leave tasks waiting: they must not hold up the next one. */
  static void cancelLeftovers() {
    for (String status : List.of("queued", "running")) {
      for (TaskView task : qcBacktests(admin, status)) {
        try {
          admin.tasks().cancel(task.taskId());
        } catch (TasklaneProblemException finishedMeanwhile) {
          assertEquals(409, finishedMeanwhile.status(), finishedMeanwhile::getMessage);
        }
      }
    }
  }

  static void awaitLaneIdle() {
    Api.eventually("QuantConnect lane drained")
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> admin.system().nodes(),
            nodes -> nodes.activeCount() == 0 && nodes.queueLength() == 0);
  }

  @Test
  void twenty_from_three_users_never_have_more_than_two_in_flight_nor_meet_no_spare_nodes() {
    sandbox("{'backtest_ms':1000}");
    Map<String, TasklaneClient> users =
        Map.of(
            "admin", admin,
            "alice", clients.signIn("alice", "alice-password"),
            "bob", clients.signIn("bob", "bob-password"));
    List<String> names = List.of("admin", "alice", "bob");
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(submit(users.get(names.get(i % 3)), 100 + i));
    }
    Set<String> reasons = new HashSet<>();
    AtomicInteger maxActive = new AtomicInteger();
    Api.eventually("all twenty finished")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              maxActive.accumulateAndGet(admin.system().nodes().activeCount(), Math::max);
              boolean allDone = true;
              for (TaskView task : qcBacktests(admin, null)) {
                if (task.blockedReason() != null) {
                  reasons.add(task.blockedReason());
                }
                allDone &= !task.status().equals("queued") && !task.status().equals("running");
              }
              return allDone;
            });
    for (UUID id : ids) {
      TaskView task = admin.tasks().get(id);
      assertEquals("completed", task.status(), task::toString);
      assertTrue(
          task.result().getJsonObject("statistics").containsKey("Sharpe Ratio"), task::toString);
      assertEquals(1, task.attempts());
    }
    JsonObject state = sandboxState();
    assertEquals(2, state.getInt("max_running"), state::toString);
    assertEquals(0, state.getInt("refused_no_spare_nodes"), state::toString);
    assertEquals(20, state.getInt("created"));
    assertTrue(maxActive.get() <= 2, "nodes endpoint showed " + maxActive);
    assertTrue(reasons.contains("All 2 QuantConnect nodes busy"), reasons::toString);
    assertTrue(
        reasons.stream().noneMatch(r -> r.toLowerCase().contains("spare")), reasons::toString);
  }

  @Test
  void one_node_busy_outside_tasklane_for_a_while_leaves_one_for_the_queue() {
    awaitHandOffWindowOver();
    sandbox("{'busy_elsewhere':1,'backtest_ms':800}");
    List<UUID> ids = List.of(submit(150), submit(151), submit(152));
    for (UUID id : ids) {
      assertEquals(1, awaitStatus(id, "completed").attempts());
    }
    JsonObject state = sandboxState();
    assertEquals(1, state.getInt("max_running"), state::toString);
    assertEquals(0, state.getInt("refused_no_spare_nodes"), state::toString);
  }

  @Test
  void nodes_busy_outside_tasklane_make_the_task_wait_never_fail() {
    awaitHandOffWindowOver();
    sandbox("{'busy_elsewhere':2}");
    UUID id = submit(200);
    TaskView waiting = awaitBlockedReason(id, "busy outside Tasklane");
    assertEquals("queued", waiting.status());
    // The point is what does not happen: several busy re-checks (1 s apart) pass and it waits on.
    Api.holdsFor(
        "the task still waiting, not failed",
        Duration.ofMillis(2500),
        () -> admin.tasks().get(id).status().equals("queued"));

    sandbox("{'busy_elsewhere':0}");
    TaskView done = awaitStatus(id, "completed");
    assertEquals(1, done.attempts(), "waiting used no attempts");
    assertEquals(0, sandboxState().getInt("refused_no_spare_nodes"), "nodes read first");
  }

  @Test
  void web_ide_racing_for_the_last_node_is_waited_out() {
    sandbox("{'busy_elsewhere':2,'nodes_read_lags':true}");
    UUID id = submit(210);
    awaitBlockedReason(id, "no spare node");
    sandbox("{'busy_elsewhere':0,'nodes_read_lags':false}");
    TaskView done = awaitStatus(id, "completed");
    assertEquals(1, done.attempts());
    assertTrue(sandboxState().getInt("refused_no_spare_nodes") >= 1);
  }

  @Test
  void cancelling_a_running_backtest_deletes_it_on_quantconnect_and_frees_the_node() {
    sandbox("{'backtest_ms':60000}");
    UUID id = submit(300);
    String backtestId = awaitBacktestId(id).external().getString("backtest_id");
    assertEquals("cancelled", admin.tasks().cancel(id).status());

    Api.eventually("the cancelled backtest's node freed")
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> admin.system().nodes().activeCount() == 0);
    JsonObject state = sandboxState();
    assertTrue(
        state.getJsonArray("deleted").contains(jakarta.json.Json.createValue(backtestId)),
        state.toString());
    assertEquals(0, state.getInt("running_count"));
    assertEquals(2, admin.system().nodes().availableNodes());
    assertEquals("cancelled", admin.tasks().get(id).status());
  }

  @Test
  void timed_out_backtest_is_deleted_on_quantconnect() {
    sandbox("{'backtest_ms':60000}");
    TasksApi.SubmitTask task = qcBacktest(301);
    UUID id =
        admin
            .tasks()
            .submit(
                new TasksApi.SubmitTask(
                    task.taskType(), task.parameters(), null, 3L, null, null, null, null))
            .taskId();
    awaitStatus(id, "timed_out");
    Api.eventually("the timed-out backtest stopped on QuantConnect")
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> sandboxState().getInt("running_count") == 0);
    assertEquals(1, sandboxState().getJsonArray("deleted").size());
    awaitLaneIdle();
  }

  @Test
  void build_error_fails_the_task_with_the_compilers_message_logged_in_one_line() throws Exception {
    sandbox("{'build_errors':{'400':'main.py:7 NameError: name foo is not defined'}}");
    UUID id = submit(400);
    TaskView failed = awaitStatus(id, "failed");
    assertTrue(failed.error().contains("NameError: name foo is not defined"), failed::toString);
    assertEquals(0, sandboxState().getInt("created"));
    String line = "Task " + id + " failed: Build error in QuantConnect project 400";
    Api.eventually("an INFO line names the task and the build error")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> server.log().contains(line));
    String log = server.log();
    assertFalse(log.contains("io.tasklane.tasks.TaskFailure"), "no stack trace of it");
  }

  @Test
  void runtime_error_fails_the_task_with_error_and_stack_trace() {
    sandbox("{'runtime_errors':{'401':'Division by zero'}}");
    TaskView failed = awaitStatus(submit(401), "failed");
    assertTrue(failed.error().contains("Runtime Error: Division by zero"), failed::toString);
    assertTrue(failed.error().contains("at QuantConnect.Algorithm"), failed::toString);
  }

  @Test
  void server_faults_are_retried_and_the_backtest_still_completes() {
    sandbox("{'fail_next_requests':3}");
    TaskView done = awaitStatus(submit(500), "completed");
    assertFalse(done.result().getJsonObject("statistics").isEmpty());
  }

  @Test
  void faults_outlasting_the_retries_within_an_attempt_make_the_task_wait_without_using_one() {
    // Four tries per call within an attempt: the fifth failure sends the task back to wait.
    sandbox("{'fail_next_requests':5}");
    TaskView done = awaitStatus(submit(520), "completed");
    assertEquals(1, done.attempts(), done::toString);
    assertFalse(done.result().getJsonObject("statistics").isEmpty());
  }

  @Test
  void creates_whose_answer_is_lost_after_processing_never_make_a_second_backtest() {
    sandbox("{'backtest_ms':800}");
    // Every third create reaches QuantConnect, which creates the backtest; then the connection
    // is reset before the answer arrives.
    network.resetAfterProcessing("backtests/create", 3);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      ids.add(submit(700 + i));
    }
    for (UUID id : ids) {
      TaskView done = awaitStatus(id, "completed");
      assertEquals(1, done.attempts(), done::toString);
    }
    JsonObject state = sandboxState();
    assertEquals(9, network.arrivals("backtests/create"), "creates sent, none sent twice");
    assertEquals(9, state.getInt("created"), state::toString);
    assertEquals(3, network.resets("backtests/create"), "answers lost");
    assertEquals(0, state.getInt("running_count"), "no duplicate left running");
    assertTrue(state.getInt("max_running") <= 2, state::toString);
    assertEquals(0, state.getInt("refused_no_spare_nodes"), state::toString);
  }

  @Test
  void a_sandbox_create_whose_answer_is_lost_is_found_by_its_tag_not_created_again() {
    sandbox("{'lose_create_answers':2,'backtest_ms':800}");
    List<UUID> ids = List.of(submit(720), submit(721));
    for (UUID id : ids) {
      assertEquals(1, awaitStatus(id, "completed").attempts());
    }
    JsonObject state = sandboxState();
    assertEquals(2, state.getInt("lost_create_answers"), state::toString);
    assertEquals(2, state.getInt("created"), state::toString);
  }

  @Test
  void an_outage_makes_tasks_wait_not_fail_and_every_backtest_completes_after_it()
      throws Exception {
    sandbox("{'backtest_ms':5000}");
    long warningsBefore = count(server.log(), "QuantConnect is unavailable");
    long recoveriesBefore = count(server.log(), "QuantConnect answers again");
    // One attempt each: waiting for QuantConnect must not use any.
    UUID running = admin.tasks().submit(oneAttempt(qcBacktest(730))).taskId();
    awaitBacktestId(running);
    network.outageUntil(java.time.Instant.now().plusSeconds(15));
    List<UUID> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(admin.tasks().submit(oneAttempt(qcBacktest(731 + i))).taskId());
    }
    TaskView blocked = awaitBlockedReason(waiting.get(0), "QuantConnect unavailable since");
    assertEquals("queued", blocked.status());
    Api.Reply health = Api.anonymous(server.baseUrl()).get("health/ready");
    assertEquals(200, health.status(), "the local lane stays ready: " + health.body());
    assertTrue(health.body().contains("degraded"), health.body());

    for (UUID id : concat(running, waiting)) {
      TaskView done = awaitStatus(admin, id, "completed", Duration.ofSeconds(90));
      assertEquals(1, done.attempts(), done::toString);
    }
    JsonObject state = sandboxState();
    assertEquals(4, state.getInt("created"), state::toString);
    String log = server.log();
    assertEquals(1, count(log, "QuantConnect is unavailable") - warningsBefore, "one warning");
    assertEquals(1, count(log, "QuantConnect answers again") - recoveriesBefore, "one line");
  }

  @Test
  void a_node_freed_outside_tasklane_gets_the_next_backtest_within_seconds() {
    sandbox("{'busy_elsewhere':2,'backtest_ms':500}");
    UUID id = submit(740);
    awaitBlockedReason(id, "busy outside Tasklane");
    java.time.Instant freed = java.time.Instant.now();
    sandbox("{'busy_elsewhere':0}");
    awaitStatus(id, "completed");
    JsonObject created = sandboxState().getJsonArray("history").getJsonObject(0);
    Duration gap = Duration.between(freed, java.time.Instant.parse(created.getString("created")));
    assertTrue(gap.compareTo(Duration.ofSeconds(3)) < 0, "next create " + gap + " after freeing");
  }

  @Test
  void the_build_ahead_stays_quiet_while_quantconnect_rejects_the_credentials() {
    sandbox("{'reject_credentials':true}");
    List<UUID> ids = List.of(submit(750), submit(751), submit(752));
    awaitBlockedReason(ids.get(0), "credentials");
    int before = network.arrivals("compile/create");
    // The point is what does not happen: no build asked for, beyond one in flight, for 6 s.
    try {
      Api.holdsFor(
          "at most one build asked for while credentials are rejected",
          Duration.ofSeconds(6),
          () -> network.arrivals("compile/create") - before <= 1);
    } finally {
      sandbox("{'reject_credentials':false}");
    }
  }

  static long count(String text, String part) {
    long n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      n++;
    }
    return n;
  }

  static List<UUID> concat(UUID first, List<UUID> rest) {
    List<UUID> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  /** {@code task} with a single attempt. */
  static TasksApi.SubmitTask oneAttempt(TasksApi.SubmitTask task) {
    return new TasksApi.SubmitTask(
        task.taskType(), task.parameters(), null, null, 1, null, null, null);
  }

  @Test
  void slow_answers_past_the_read_timeout_are_retried() {
    sandbox("{'slow_next_requests':2,'latency_ms':2500}");
    TaskView done = awaitStatus(submit(510), "completed");
    assertFalse(done.result().getJsonObject("statistics").isEmpty());
    assertEquals(1, done.attempts(), "retried within the attempt");
  }

  @Test
  void killed_instance_backtests_are_reattached_after_restart_never_created_twice()
      throws Exception {
    assumeFalse(
        "postgresql".equals(System.getProperty("it.database")), "PostgreSQL: see cluster test");
    sandbox("{'backtest_ms':8000}");
    try (TestDatabase db = TestDatabase.create("qc-crash")) {
      List<UUID> ids = new ArrayList<>();
      PayaraProcess first =
          PayaraProcess.start("qc-crash-1", tasklaneCallingTheSandbox(db, "crash"));
      try (TasklaneClient api = signIn(first)) {
        for (int i = 0; i < 4; i++) {
          ids.add(submit(api, 900 + i));
        }
        awaitSandboxRunning(2);
      } finally {
        first.kill();
      }
      PayaraProcess second =
          PayaraProcess.start("qc-crash-2", tasklaneCallingTheSandbox(db, "crash"));
      try (TasklaneClient api = signIn(second)) {
        int reattached = 0;
        for (UUID id : ids) {
          TaskView done = awaitStatus(api, id, "completed", Duration.ofSeconds(120));
          reattached += done.attempts() == 2 ? 1 : 0;
        }
        assertEquals(2, reattached, "the two running at the kill");
        JsonObject state = sandboxState();
        assertEquals(4, state.getInt("created"), state::toString);
        assertTrue(state.getInt("max_running") <= 2, state::toString);
      } finally {
        second.close();
      }
    }
  }

  @Test
  void instances_sharing_a_database_hold_two_nodes_between_them_and_take_over_a_killed_ones()
      throws Exception {
    assumeTrue("postgresql".equals(System.getProperty("it.database")), "needs a shared database");
    sandbox("{'backtest_ms':6000}");
    try (TestDatabase db = TestDatabase.create("qc-cluster")) {
      PayaraProcess one =
          PayaraProcess.start("qc-cluster-one", tasklaneCallingTheSandbox(db, "one"));
      try (PayaraProcess two =
          PayaraProcess.start("qc-cluster-two", tasklaneCallingTheSandbox(db, "two"))) {
        TasklaneClient apiOne = signIn(one);
        TasklaneClient apiTwo = signIn(two);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          ids.add(submit(apiOne, 1000 + i));
          ids.add(submit(apiTwo, 2000 + i));
        }
        awaitSandboxRunning(2);
        one.kill();
        apiOne.close();
        // A task of the dead instance cancelled before anyone took it over: nobody runs it, yet
        // its backtest must be stopped and its node freed.
        UUID orphan = null;
        for (Map.Entry<String, String> running : db.runningOwners().entrySet()) {
          TaskView task = apiTwo.tasks().get(UUID.fromString(running.getKey()));
          if (running.getValue().startsWith("one")
              && task.external() != null
              && task.external().containsKey("backtest_id")) {
            orphan = task.taskId();
            break;
          }
        }
        String orphanBacktest = null;
        if (orphan != null) {
          orphanBacktest = apiTwo.tasks().get(orphan).external().getString("backtest_id");
          assertEquals("cancelled", apiTwo.tasks().cancel(orphan).status());
        }
        for (UUID id : ids) {
          if (!id.equals(orphan)) {
            awaitStatus(apiTwo, id, "completed", Duration.ofSeconds(120));
          }
        }
        Api.eventually("the orphaned node freed")
            .atMost(LONG)
            .pollInterval(Duration.ofMillis(250))
            .until(() -> apiTwo.system().nodes().activeCount() == 0);
        JsonObject state = sandboxState();
        if (orphanBacktest != null) {
          assertTrue(
              state.getJsonArray("deleted").contains(jakarta.json.Json.createValue(orphanBacktest)),
              state::toString);
        }
        assertEquals(0, apiTwo.system().nodes().activeCount());
        assertEquals(6, state.getInt("created"), state::toString);
        assertTrue(state.getInt("max_running") <= 2, state::toString);
        assertEquals(0, state.getInt("refused_no_spare_nodes"), state::toString);
        apiTwo.close();
      } finally {
        one.close();
      }
    }
  }

  /** The admin of another Tasklane instance, through the Java client. */
  static TasklaneClient signIn(PayaraProcess instance) {
    return TasklaneClient.signIn(URI.create(instance.baseUrl()), "admin", ADMIN_PASSWORD);
  }

  static void awaitSandboxRunning(int count) {
    Api.eventually(count + " backtests running on QuantConnect")
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> sandboxState().getInt("running_count") >= count);
  }

  @Test
  void revoked_credentials_make_readiness_down_and_tasks_wait() {
    sandbox("{'reject_credentials':true}");
    UUID id = submit(600);
    TaskView waiting = awaitBlockedReason(id, "credentials");
    assertEquals("queued", waiting.status());
    Api.Reply health = Api.anonymous(server.baseUrl()).get("health/ready");
    assertEquals(503, health.status(), health.body());
    assertTrue(health.body().contains("Hash doesn't match"), health.body());

    sandbox("{'reject_credentials':false}");
    // The task retries after its 60 s credential wait; cancel rather than wait it out.
    assertEquals("cancelled", admin.tasks().cancel(id).status());
  }

  @Test
  void bad_parameters_are_refused_with_400() {
    Api.Reply reply =
        raw.post("api/tasks", q("{'task_type':'qc_backtest','parameters':{'project_id':'x'}}"));
    assertEquals(400, reply.status());
    assertTrue(reply.body().contains("project_id"), reply.body());
  }
}
