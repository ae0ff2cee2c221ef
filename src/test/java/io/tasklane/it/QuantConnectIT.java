package io.tasklane.it;

import static io.tasklane.support.Api.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tasklane.support.Api;
import io.tasklane.support.FaultyProxy;
import io.tasklane.support.PayaraProcess;
import io.tasklane.support.TestDatabase;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * QuantConnect outlives the instances that call it.
 */
class QuantConnectIT {
  static final String ADMIN_PASSWORD = "qc-admin-secret";
  static final String USER_ID = "4242";
  static final String TOKEN = "it-token-not-secret";
  static final Duration LONG = Duration.ofSeconds(60);
  static final Duration HAND_OFF = Duration.ofSeconds(2);

  static TestDatabase db;
  static PayaraProcess server;
  static Api admin;

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
    admin = Api.anonymous(server.baseUrl()).as("admin", ADMIN_PASSWORD);
    for (String user : List.of("alice", "bob")) {
      admin.post(
          "api/admin/users",
          q("{'username':'" + user + "','password':'" + user + "-password','roles':['user']}"));
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
    assertEquals(200, admin.post("api/quantconnect-sandbox/control/reset", "{}").status());
    sandbox("{'compile_ms':100,'backtest_ms':1500}");
  }

  static JsonObject sandbox(String changes) {
    Api.Reply reply = admin.put("api/quantconnect-sandbox/control", q(changes));
    assertEquals(200, reply.status(), reply::body);
    return reply.json();
  }

  static JsonObject sandboxState() {
    return admin.get("api/quantconnect-sandbox/control").json();
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
  static JsonObject awaitBlockedReason(String id, String part) {
    return admin.awaitTask(
        id,
        LONG,
        t -> t.get("blocked_reason") instanceof JsonString r && r.getString().contains(part));
  }

  static String submit(long project) {
    return submit(admin, project);
  }

  static String submit(Api api, long project) {
    return api.submit(q("{'task_type':'qc_backtest','parameters':{'project_id':" + project + "}}"));
  }

  /** A test that failed half-way may leave tasks waiting: they must not hold up the next one. */
  static void cancelLeftovers() {
    for (String status : List.of("queued", "running")) {
      for (JsonValue value :
          admin
              .get("api/tasks?task_type=qc_backtest&size=200&status=" + status)
              .json()
              .getJsonArray("items")) {
        admin.post("api/tasks/" + value.asJsonObject().getString("task_id") + "/cancel", "{}");
      }
    }
  }

  static void awaitLaneIdle() {
    Api.eventually("QuantConnect lane drained")
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> admin.get("api/system/nodes").json(),
            nodes -> nodes.getInt("active_count") == 0 && nodes.getInt("queue_length") == 0);
  }

  @Test
  void twenty_from_three_users_never_have_more_than_two_in_flight_nor_meet_no_spare_nodes() {
    sandbox("{'backtest_ms':1000}");
    Map<String, Api> users =
        Map.of(
            "admin", admin,
            "alice", Api.anonymous(server.baseUrl()).as("alice", "alice-password"),
            "bob", Api.anonymous(server.baseUrl()).as("bob", "bob-password"));
    List<String> names = List.of("admin", "alice", "bob");
    List<String> ids = new ArrayList<>();
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
              maxActive.accumulateAndGet(
                  admin.get("api/system/nodes").json().getInt("active_count"), Math::max);
              boolean allDone = true;
              for (JsonValue value :
                  admin
                      .get("api/tasks?task_type=qc_backtest&size=200")
                      .json()
                      .getJsonArray("items")) {
                JsonObject task = value.asJsonObject();
                if (task.get("blocked_reason") instanceof JsonString r) {
                  reasons.add(r.getString());
                }
                allDone &=
                    !task.getString("status").equals("queued")
                        && !task.getString("status").equals("running");
              }
              return allDone;
            });
    for (String id : ids) {
      JsonObject task = admin.task(id);
      assertEquals("completed", task.getString("status"), task::toString);
      assertTrue(
          task.getJsonObject("result").getJsonObject("statistics").containsKey("Sharpe Ratio"),
          task::toString);
      assertEquals(1, task.getInt("attempts"));
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
    List<String> ids = List.of(submit(admin, 150), submit(admin, 151), submit(admin, 152));
    for (String id : ids) {
      assertEquals(1, admin.awaitStatus(id, "completed", LONG).getInt("attempts"));
    }
    JsonObject state = sandboxState();
    assertEquals(1, state.getInt("max_running"), state::toString);
    assertEquals(0, state.getInt("refused_no_spare_nodes"), state::toString);
  }

  @Test
  void nodes_busy_outside_tasklane_make_the_task_wait_never_fail() {
    awaitHandOffWindowOver();
    sandbox("{'busy_elsewhere':2}");
    String id = submit(200);
    JsonObject waiting = awaitBlockedReason(id, "busy outside Tasklane");
    assertEquals("queued", waiting.getString("status"));
    // The point is what does not happen: several busy re-checks (1 s apart) pass and it waits on.
    Api.holdsFor(
        "the task still waiting, not failed",
        Duration.ofMillis(2500),
        () -> admin.task(id).getString("status").equals("queued"));

    sandbox("{'busy_elsewhere':0}");
    JsonObject done = admin.awaitStatus(id, "completed", LONG);
    assertEquals(1, done.getInt("attempts"), "waiting used no attempts");
    assertEquals(0, sandboxState().getInt("refused_no_spare_nodes"), "nodes read first");
  }

  @Test
  void web_ide_racing_for_the_last_node_is_waited_out() {
    sandbox("{'busy_elsewhere':2,'nodes_read_lags':true}");
    String id = submit(210);
    awaitBlockedReason(id, "no spare node");
    sandbox("{'busy_elsewhere':0,'nodes_read_lags':false}");
    JsonObject done = admin.awaitStatus(id, "completed", LONG);
    assertEquals(1, done.getInt("attempts"));
    assertTrue(sandboxState().getInt("refused_no_spare_nodes") >= 1);
  }

  @Test
  void cancelling_a_running_backtest_deletes_it_on_quantconnect_and_frees_the_node() {
    sandbox("{'backtest_ms':60000}");
    String id = submit(300);
    JsonObject running =
        admin.awaitTask(
            id,
            LONG,
            t -> t.get("external") instanceof JsonObject e && e.containsKey("backtest_id"));
    String backtestId = running.getJsonObject("external").getString("backtest_id");
    assertEquals(200, admin.post("api/tasks/" + id + "/cancel", "{}").status());

    Api.eventually("the cancelled backtest's node freed")
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> admin.get("api/system/nodes").json().getInt("active_count") == 0);
    JsonObject state = sandboxState();
    assertTrue(
        state.getJsonArray("deleted").contains(jakarta.json.Json.createValue(backtestId)),
        state.toString());
    assertEquals(0, state.getInt("running_count"));
    assertEquals(2, admin.get("api/system/nodes").json().getInt("available_nodes"));
    assertEquals("cancelled", admin.task(id).getString("status"));
  }

  @Test
  void timed_out_backtest_is_deleted_on_quantconnect() {
    sandbox("{'backtest_ms':60000}");
    String id =
        admin.submit(
            q("{'task_type':'qc_backtest','timeout_seconds':3,'parameters':{'project_id':301}}"));
    admin.awaitStatus(id, "timed_out", LONG);
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
    String id = submit(400);
    JsonObject failed = admin.awaitStatus(id, "failed", LONG);
    assertTrue(
        failed.getString("error").contains("NameError: name foo is not defined"),
        failed.toString());
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
    JsonObject failed = admin.awaitStatus(submit(401), "failed", LONG);
    assertTrue(
        failed.getString("error").contains("Runtime Error: Division by zero"), failed.toString());
    assertTrue(failed.getString("error").contains("at QuantConnect.Algorithm"), failed.toString());
  }

  @Test
  void server_faults_are_retried_and_the_backtest_still_completes() {
    sandbox("{'fail_next_requests':3}");
    JsonObject done = admin.awaitStatus(submit(500), "completed", LONG);
    assertFalse(done.getJsonObject("result").getJsonObject("statistics").isEmpty());
  }

  @Test
  void faults_outlasting_the_retries_within_an_attempt_make_the_task_wait_without_using_one() {
    // Four tries per call within an attempt: the fifth failure sends the task back to wait.
    sandbox("{'fail_next_requests':5}");
    JsonObject done = admin.awaitStatus(submit(520), "completed", LONG);
    assertEquals(1, done.getInt("attempts"), done::toString);
    assertFalse(done.getJsonObject("result").getJsonObject("statistics").isEmpty());
  }

  @Test
  void creates_whose_answer_is_lost_after_processing_never_make_a_second_backtest() {
    sandbox("{'backtest_ms':800}");
    // Every third create reaches QuantConnect, which creates the backtest; then the connection
    // is reset before the answer arrives.
    network.resetAfterProcessing("backtests/create", 3);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      ids.add(submit(700 + i));
    }
    for (String id : ids) {
      JsonObject done = admin.awaitStatus(id, "completed", LONG);
      assertEquals(1, done.getInt("attempts"), done::toString);
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
    List<String> ids = List.of(submit(720), submit(721));
    for (String id : ids) {
      assertEquals(1, admin.awaitStatus(id, "completed", LONG).getInt("attempts"));
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
    String running =
        admin.submit(
            q("{'task_type':'qc_backtest','max_attempts':1,'parameters':{'project_id':730}}"));
    admin.awaitTask(
        running,
        LONG,
        t -> t.get("external") instanceof JsonObject e && e.containsKey("backtest_id"));
    network.outageUntil(java.time.Instant.now().plusSeconds(15));
    List<String> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(
          admin.submit(
              q(
                  "{'task_type':'qc_backtest','max_attempts':1,'parameters':{'project_id':"
                      + (731 + i)
                      + "}}")));
    }
    JsonObject blocked = awaitBlockedReason(waiting.get(0), "QuantConnect unavailable since");
    assertEquals("queued", blocked.getString("status"));
    Api.Reply health = Api.anonymous(server.baseUrl()).get("health/ready");
    assertEquals(200, health.status(), "the local lane stays ready: " + health.body());
    assertTrue(health.body().contains("degraded"), health.body());

    for (String id : concat(running, waiting)) {
      JsonObject done = admin.awaitStatus(id, "completed", Duration.ofSeconds(90));
      assertEquals(1, done.getInt("attempts"), done::toString);
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
    String id = submit(740);
    awaitBlockedReason(id, "busy outside Tasklane");
    java.time.Instant freed = java.time.Instant.now();
    sandbox("{'busy_elsewhere':0}");
    admin.awaitStatus(id, "completed", LONG);
    JsonObject created = sandboxState().getJsonArray("history").getJsonObject(0);
    Duration gap = Duration.between(freed, java.time.Instant.parse(created.getString("created")));
    assertTrue(gap.compareTo(Duration.ofSeconds(3)) < 0, "next create " + gap + " after freeing");
  }

  @Test
  void the_build_ahead_stays_quiet_while_quantconnect_rejects_the_credentials() {
    sandbox("{'reject_credentials':true}");
    List<String> ids = List.of(submit(750), submit(751), submit(752));
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

  static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  @Test
  void slow_answers_past_the_read_timeout_are_retried() {
    sandbox("{'slow_next_requests':2,'latency_ms':2500}");
    JsonObject done = admin.awaitStatus(submit(510), "completed", LONG);
    assertFalse(done.getJsonObject("result").getJsonObject("statistics").isEmpty());
    assertEquals(1, done.getInt("attempts"), "retried within the attempt");
  }

  @Test
  void killed_instance_backtests_are_reattached_after_restart_never_created_twice()
      throws Exception {
    assumeFalse(
        "postgresql".equals(System.getProperty("it.database")), "PostgreSQL: see cluster test");
    sandbox("{'backtest_ms':8000}");
    try (TestDatabase db = TestDatabase.create("qc-crash")) {
      List<String> ids = new ArrayList<>();
      PayaraProcess first =
          PayaraProcess.start("qc-crash-1", tasklaneCallingTheSandbox(db, "crash"));
      try {
        Api api = Api.anonymous(first.baseUrl()).as("admin", ADMIN_PASSWORD);
        for (int i = 0; i < 4; i++) {
          ids.add(submit(api, 900 + i));
        }
        awaitSandboxRunning(2);
      } finally {
        first.kill();
      }
      PayaraProcess second =
          PayaraProcess.start("qc-crash-2", tasklaneCallingTheSandbox(db, "crash"));
      try {
        Api api = Api.anonymous(second.baseUrl()).as("admin", ADMIN_PASSWORD);
        int reattached = 0;
        for (String id : ids) {
          JsonObject done = api.awaitStatus(id, "completed", Duration.ofSeconds(120));
          reattached += done.getInt("attempts") == 2 ? 1 : 0;
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
        Api apiOne = Api.anonymous(one.baseUrl()).as("admin", ADMIN_PASSWORD);
        Api apiTwo = Api.anonymous(two.baseUrl()).as("admin", ADMIN_PASSWORD);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          ids.add(submit(apiOne, 1000 + i));
          ids.add(submit(apiTwo, 2000 + i));
        }
        awaitSandboxRunning(2);
        one.kill();
        // A task of the dead instance cancelled before anyone took it over: nobody runs it, yet
        // its backtest must be stopped and its node freed.
        String orphan = null;
        for (Map.Entry<String, String> running : db.runningOwners().entrySet()) {
          JsonObject task = apiTwo.task(running.getKey());
          if (running.getValue().startsWith("one")
              && task.get("external") instanceof JsonObject e
              && e.containsKey("backtest_id")) {
            orphan = running.getKey();
            break;
          }
        }
        String orphanBacktest = null;
        if (orphan != null) {
          orphanBacktest = apiTwo.task(orphan).getJsonObject("external").getString("backtest_id");
          assertEquals(200, apiTwo.post("api/tasks/" + orphan + "/cancel", "{}").status());
        }
        for (String id : ids) {
          if (!id.equals(orphan)) {
            apiTwo.awaitStatus(id, "completed", Duration.ofSeconds(120));
          }
        }
        Api.eventually("the orphaned node freed")
            .atMost(LONG)
            .pollInterval(Duration.ofMillis(250))
            .until(() -> apiTwo.get("api/system/nodes").json().getInt("active_count") == 0);
        JsonObject state = sandboxState();
        if (orphanBacktest != null) {
          assertTrue(
              state.getJsonArray("deleted").contains(jakarta.json.Json.createValue(orphanBacktest)),
              state::toString);
        }
        assertEquals(0, apiTwo.get("api/system/nodes").json().getInt("active_count"));
        assertEquals(6, state.getInt("created"), state::toString);
        assertTrue(state.getInt("max_running") <= 2, state::toString);
        assertEquals(0, state.getInt("refused_no_spare_nodes"), state::toString);
      } finally {
        one.close();
      }
    }
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
    String id = submit(600);
    JsonObject waiting = awaitBlockedReason(id, "credentials");
    assertEquals("queued", waiting.getString("status"));
    Api.Reply health = Api.anonymous(server.baseUrl()).get("health/ready");
    assertEquals(503, health.status(), health.body());
    assertTrue(health.body().contains("Hash doesn't match"), health.body());

    sandbox("{'reject_credentials':false}");
    // The task retries after its 60 s credential wait; cancel rather than wait it out.
    assertEquals(200, admin.post("api/tasks/" + id + "/cancel", "{}").status());
  }

  @Test
  void bad_parameters_are_refused_with_400() {
    Api.Reply reply =
        admin.post("api/tasks", q("{'task_type':'qc_backtest','parameters':{'project_id':'x'}}"));
    assertEquals(400, reply.status());
    assertTrue(reply.body().contains("project_id"), reply.body());
  }
}
