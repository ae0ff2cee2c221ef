package io.tasklane.it;

import static io.tasklane.support.Api.q;
import static io.tasklane.support.Clients.json;
import static io.tasklane.support.Clients.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.client.PipelinesApi;
import io.tasklane.client.TaskEvent;
import io.tasklane.client.TaskView;
import io.tasklane.client.TasklaneClient;
import io.tasklane.client.TasksApi;
import io.tasklane.support.Api;
import io.tasklane.support.ClientEvents;
import io.tasklane.support.Clients;
import io.tasklane.support.Deployments;
import io.tasklane.support.OpenApiDocument;
import io.tasklane.support.PayaraProcess;
import io.tasklane.support.TestDatabase;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies, pipelines with gates and references, and lane capacity, end to end through
 * Tasklane's Java client (raw HTTP only for bad input and the wire shapes /openapi describes). The
 * server is started with the seed's configuration (two training workers, three local tasks at once,
 * small estimates so a busy build machine admits them), which the shared Arquillian server does not
 * have.
 */
class PipelinesIT {
  static final String ADMIN_PASSWORD = "pipelines-admin-secret";
  static final Duration PATIENCE = Duration.ofMinutes(4);

  /** A small, quick training on synthetic daily bars. */
  static final String QUICK_TRAINING =
      "{'symbol':'PIPE_USDT','data':'synthetic','start_date':'2018-01-01','end_date':'2021-12-31','params':{'rounds':5}}";

  /** A training of some seconds: hourly synthetic bars. */
  static final String LONGER_TRAINING =
      "{'symbol':'LANE_USDT','data':'synthetic','timeframe':'1h','start_date':'2016-01-01','end_date':'2023-12-31','params':{'rounds':60,'max_depth':6}}";

  /** A training that runs until it is cancelled (its rounds check for the stop). */
  static final String ENDLESS_TRAINING =
      "{'symbol':'LANE_USDT','data':'synthetic','timeframe':'1h','start_date':'2016-01-01','end_date':'2023-12-31','params':{'rounds':2000,'max_depth':12}}";

  static final String RANGE =
      "{'symbol':'PIPE_USDT','data':'synthetic','start_date':'2022-01-01','end_date':'2022-03-31'}";

  static TestDatabase db;
  static PayaraProcess server;
  static Clients clients;
  static TasklaneClient admin;

  /** The admin over raw HTTP, for bad input and the wire shapes. */
  static Api raw;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.create("pipelines");
    Map<String, String> environment = new HashMap<>(db.environment());
    environment.put("TASKLANE_ADMIN_PASSWORD", ADMIN_PASSWORD);
    environment.put("TASKLANE_SCHEDULER_LOCAL_CONCURRENCY", "3");
    environment.put("TASKLANE_LANES_MODEL_TRAINING_MAX_RUNNING", "2");
    environment.put("TASKLANE_DEV_MODE", "true");
    for (String type : List.of("MODEL_TRAINING", "PREDICTION", "BACKTEST")) {
      environment.put("TASKLANE_TASKS_" + type + "_CPU_CORES", "0.1");
      environment.put("TASKLANE_TASKS_" + type + "_RAM_GB", "0.1");
    }
    server =
        PayaraProcess.start("pipelines-" + System.getProperty("it.database", "h2"), environment);
    clients = new Clients(server.baseUrl(), ADMIN_PASSWORD);
    admin = clients.admin();
    raw = Api.anonymous(server.baseUrl()).as("admin", ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    if (clients != null) {
      clients.close();
    }
    if (server != null) {
      server.close();
    }
    if (db != null) {
      db.close();
    }
  }

  static TasksApi.SubmitTask training(String parameters) {
    return TasksApi.SubmitTask.of("model_training", json(parameters));
  }

  static TasksApi.SubmitTask dependent(String type, String parameters, UUID... on) {
    return TasksApi.SubmitTask.of(type, json(parameters)).withDependsOn(List.of(on));
  }

  /** The raw body of {@link #dependent}, for the refusals. */
  static String dependentBody(String type, String parameters, String... on) {
    return q(
        "{'task_type':'"
            + type
            + "','parameters':"
            + parameters
            + ",'depends_on':['"
            + String.join("','", on)
            + "']}");
  }

  static TaskView awaitTask(UUID id, Predicate<TaskView> condition) {
    return Clients.awaitTask(admin, id, PATIENCE, condition);
  }

  static TaskView awaitStatus(UUID id, String status) {
    return Clients.awaitStatus(admin, id, status, PATIENCE);
  }

  static UUID submit(TasksApi.SubmitTask task) {
    return admin.tasks().submit(task).taskId();
  }

  static UUID pipeline(TasklaneClient who, String body) {
    return who.pipelines().submit(json(body)).pipelineId();
  }

  static PipelinesApi.Pipeline awaitPipeline(UUID id, String status) {
    return Api.eventually("pipeline " + id + " " + status)
        .atMost(PATIENCE)
        .until(() -> admin.pipelines().get(id), PipelinesApi.Pipeline::finished);
  }

  @Test
  void a_dependent_waits_for_its_dependency_and_then_runs_with_the_trained_model() {
    UUID train = submit(training(QUICK_TRAINING));
    UUID predict =
        submit(
            dependent(
                "prediction",
                "{'symbol':'PIPE_USDT','data':'synthetic','start_date':'2022-01-01','end_date':'2022-03-31'}",
                train));
    TaskView waiting = admin.tasks().get(predict);
    if (waiting.status().equals("queued")) {
      assertTrue(
          waiting.blockedReason().startsWith("Waiting for task " + train), waiting::toString);
    }
    TaskView trained = awaitStatus(train, "completed");
    TaskView predicted = awaitStatus(predict, "completed");
    assertEquals(trained.result().getString("model_id"), predicted.result().getString("model_id"));
    assertTrue(
        !predicted.startedAt().isBefore(trained.finishedAt()),
        "started after its dependency finished");
  }

  @Test
  void a_failed_dependency_cancels_its_dependents_down_the_chain() {
    // The failing prediction waits for a training, so its dependents exist before it fails.
    UUID train = submit(training(QUICK_TRAINING));
    UUID failing =
        submit(
            dependent(
                "prediction",
                "{'symbol':'NO_MODEL_PIPE','data':'synthetic','start_date':'2022-01-01','end_date':'2022-03-31'}",
                train));
    UUID second =
        submit(
            dependent(
                "backtest",
                "{'symbol':'PIPE_USDT','data':'synthetic','start_date':'2022-01-01','end_date':'2022-03-31'}",
                failing));
    UUID third =
        submit(
            dependent(
                "backtest",
                "{'symbol':'PIPE_USDT','data':'synthetic','start_date':'2022-01-01','end_date':'2022-03-31'}",
                second));
    awaitStatus(failing, "failed");
    TaskView cancelled = awaitStatus(second, "cancelled");
    assertTrue(cancelled.error().contains(failing.toString()), cancelled::toString);
    assertTrue(cancelled.error().contains("failed"), cancelled::toString);
    TaskView last = awaitStatus(third, "cancelled");
    assertTrue(last.error().contains(second.toString()), last::toString);
    assertEquals(0, last.attempts(), "never ran");
  }

  @Test
  void cancelling_a_dependency_cancels_its_dependent_and_bad_ids_are_refused() {
    UUID train = submit(training(ENDLESS_TRAINING));
    UUID predict =
        submit(
            dependent(
                "prediction",
                "{'symbol':'LANE_USDT','data':'synthetic','start_date':'2024-01-01','end_date':'2024-03-31'}",
                train));
    admin.tasks().cancel(train); // a problem answer would throw
    TaskView cancelled = awaitStatus(predict, "cancelled");
    assertTrue(cancelled.error().contains(train + " it depends on was cancelled"));

    // Bad ids, sent raw: the exact status and the problem's text.
    Api.Reply unknown =
        raw.post("api/tasks", dependentBody("backtest", RANGE, UUID.randomUUID().toString()));
    assertEquals(400, unknown.status(), unknown::body);
    assertTrue(unknown.body().contains("depends_on"), unknown::body);
    Api.Reply onCancelled =
        raw.post("api/tasks", dependentBody("backtest", RANGE, train.toString()));
    assertEquals(400, onCancelled.status(), onCancelled::body);
    Api.Reply othersTask =
        raw.newUser(Deployments.unique("dep-user"))
            .post("api/tasks", dependentBody("backtest", RANGE, predict.toString()));
    assertEquals(400, othersTask.status(), othersTask::body);
  }

  @Test
  void a_passing_gate_lets_the_referenced_model_through_and_a_failing_one_stops_the_pipeline() {
    String steps =
        "'steps':[{'id':'train','task_type':'model_training','parameters':"
            + QUICK_TRAINING
            + "},{'id':'gate','gate':{'step':'train','metric':'metrics.test.accuracy','op':'>=','value':'%s'}},"
            + "{'id':'predict','task_type':'prediction','depends_on':['gate'],'parameters':"
            + "{'symbol':'PIPE_USDT','data':'synthetic','start_date':'2022-01-01','end_date':'2022-03-31','model_id':'${train.model_id}'}}]";
    // Raw, so that /openapi is checked against the answer as sent.
    Api.Reply accepted =
        raw.post(
            "api/pipelines",
            q("{'name':'passes'," + steps.formatted("majority_baseline - 1") + "}"));
    assertEquals(202, accepted.status(), accepted::body);
    UUID passing = UUID.fromString(accepted.json().getString("pipeline_id"));
    UUID stopping = pipeline(admin, "{'name':'stops'," + steps.formatted("2") + "}");

    PipelinesApi.Pipeline passed = awaitPipeline(passing, "completed");
    assertEquals("completed", passed.status(), passed::toString);
    OpenApiDocument openApi = OpenApiDocument.fetch(raw);
    openApi.assertDescribes("POST", "/api/pipelines", 202, accepted.json());
    openApi.assertDescribes(
        "GET", "/api/pipelines/{id}", 200, raw.get("api/pipelines/" + passing).json());
    openApi.assertDescribes("GET", "/api/pipelines", 200, raw.get("api/pipelines").json());
    assertEquals("passed", passed.step("gate").status());
    String modelId = passed.step("train").result().getString("model_id");
    TaskView prediction = admin.tasks().get(passed.step("predict").taskId());
    assertEquals(modelId, prediction.parameters().getString("model_id"));
    assertEquals(modelId, prediction.result().getString("model_id"));

    PipelinesApi.Pipeline stopped = awaitPipeline(stopping, "stopped_at_gate");
    assertEquals("stopped_at_gate", stopped.status(), stopped::toString);
    assertEquals("stopped", stopped.step("gate").status());
    assertTrue(stopped.step("gate").detail().contains("is not >= 2"), stopped::toString);
    assertEquals("skipped", stopped.step("predict").status());
    assertNull(stopped.step("predict").taskId(), "a skipped step never got a task");
  }

  /**
   * A and B hold both training workers with trainings that outlast the test's patience until one is
   * cancelled, so C's wait is seen whatever the machine's speed; C starts the moment A's training
   * ends, while B still trains.
   */
  @Test
  void with_two_training_workers_a_and_b_train_at_once_and_c_starts_when_one_finishes() {
    String body =
        "{'name':'%s','steps':[{'id':'train','task_type':'model_training','parameters':%s},"
            + "{'id':'gate','gate':{'step':'train','metric':'metrics.test.rows','op':'>','value':0}}]}";
    UUID a = pipeline(admin, body.formatted("A", ENDLESS_TRAINING));
    UUID b = pipeline(admin, body.formatted("B", ENDLESS_TRAINING));
    UUID c = pipeline(admin, body.formatted("C", LONGER_TRAINING));
    UUID trainA = trainOf(a);
    UUID trainB = trainOf(b);
    UUID trainC = trainOf(c);

    awaitStatus(trainA, "running");
    awaitStatus(trainB, "running");
    awaitTask(
        trainC,
        t ->
            t.status().equals("queued")
                && "Lane model_training is full (2 running)".equals(t.blockedReason()));
    assertEquals("running", admin.tasks().get(trainA).status(), "A and B train at once");
    assertEquals("running", admin.tasks().get(trainB).status(), "A and B train at once");

    admin.pipelines().cancel(a);
    TaskView endedA = awaitStatus(trainA, "cancelled");
    TaskView startedC = awaitTask(trainC, t -> !t.status().equals("queued"));
    assertEquals("running", admin.tasks().get(trainB).status(), "B still trains");
    Instant aEnd = endedA.finishedAt();
    Instant cStart = startedC.startedAt();
    assertTrue(!cStart.isBefore(aEnd), () -> "C started when A ended: " + aEnd + " " + cStart);

    admin.pipelines().cancel(b);
    PipelinesApi.Pipeline doneC = awaitPipeline(c, "completed");
    assertEquals("completed", doneC.status(), doneC::toString);
    assertEquals("cancelled", awaitPipeline(a, "cancelled").status());
    assertEquals("cancelled", awaitPipeline(b, "cancelled").status());
  }

  static UUID trainOf(UUID pipeline) {
    return admin.pipelines().get(pipeline).step("train").taskId();
  }

  @Test
  void pipeline_events_reach_their_owner_and_no_one_else() {
    TasklaneClient owner = clients.newUser(Deployments.unique("events-owner"));
    TasklaneClient stranger = clients.newUser(Deployments.unique("events-stranger"));
    try (ClientEvents mine = clients.listen(owner);
        ClientEvents theirs = clients.listen(stranger)) {
      UUID id =
          pipeline(
              owner,
              "{'name':'watched','steps':[{'id':'train','task_type':'model_training','parameters':"
                  + QUICK_TRAINING
                  + "},{'id':'gate','gate':{'step':'train','metric':'metrics.test.accuracy','op':'>','value':2}}]}");
      TaskEvent.PipelineStep gate =
          mine.await(
              TaskEvent.PipelineStep.class,
              e -> e.pipelineId().equals(id) && e.stepId().equals("gate"),
              PATIENCE);
      assertEquals("stopped", gate.status());
      TaskEvent.PipelineCompleted ended =
          mine.await(TaskEvent.PipelineCompleted.class, e -> e.pipelineId().equals(id), PATIENCE);
      assertEquals("stopped_at_gate", ended.status());
      assertTrue(
          theirs.received().stream()
              .noneMatch(
                  e ->
                      e instanceof TaskEvent.PipelineStep
                          || e instanceof TaskEvent.PipelineCompleted
                          || e.toString().contains(id.toString())),
          "another user's pipeline is not on their stream");
    }
  }

  @Test
  void the_template_trains_gates_predicts_and_backtests_the_trained_model() {
    UUID id =
        pipeline(
            admin,
            "{'template':'train_gate_predict_backtest','symbol':'TPL_USDT','data':'synthetic',"
                + "'train_start_date':'2016-01-01','train_end_date':'2021-12-31','start_date':'2022-01-01',"
                + "'end_date':'2022-12-31','params':{'rounds':5},'min_edge':-1}");
    PipelinesApi.Pipeline done = awaitPipeline(id, "completed");
    assertEquals("completed", done.status(), done::toString);
    assertEquals(
        List.of("train", "gate", "predict", "backtest"),
        done.steps().stream().map(PipelinesApi.Step::id).toList());
    String modelId = done.step("train").result().getString("model_id");
    JsonObject backtest = done.step("backtest").result();
    assertEquals("ml_predictive", backtest.getString("strategy"));
    assertEquals(modelId, backtest.getString("model_id"));
    assertEquals(modelId, done.step("predict").result().getString("model_id"));
  }

  /** Bad input, sent raw: the exact status and the problem's text. */
  @Test
  void bad_pipelines_are_refused_naming_the_step() {
    Map<String, String> refusals =
        Map.of(
            "{'name':'cycle','steps':[{'id':'a','task_type':'backtest','depends_on':['b']},{'id':'b','task_type':'backtest','depends_on':['a']}]}",
            "steps[a].depends_on: a cycle",
            "{'name':'ref','steps':[{'id':'a','task_type':'backtest','depends_on':['nope']}]}",
            "steps[a].depends_on: unknown step 'nope'",
            "{'name':'metric','steps':[{'id':'t','task_type':'model_training','parameters':{}},{'id':'g','gate':{'step':'t','metric':'metrics.test.acc','op':'>','value':0}}]}",
            "steps[g].gate: unknown metric 'metrics.test.acc'",
            "{'name':'type','steps':[{'id':'x','task_type':'rocket'}]}",
            "steps[x].task_type: unknown task type 'rocket'");
    Api.Reply openApi = raw.get("openapi", "application/json");
    assertEquals(200, openApi.status(), openApi::body);
    assertTrue(openApi.json().getJsonObject("paths").containsKey("/api/pipelines/{id}/cancel"));
    for (Map.Entry<String, String> bad : refusals.entrySet()) {
      Api.Reply reply = raw.post("api/pipelines", q(bad.getKey()));
      assertEquals(400, reply.status(), reply::body);
      assertTrue(reply.body().contains(bad.getValue()), reply::body);
    }
  }

  @Test
  void a_user_sees_and_cancels_only_their_own_pipelines() {
    TasklaneClient user = clients.newUser(Deployments.unique("pipe-user"));
    UUID id =
        pipeline(
            user,
            "{'name':'mine','steps':[{'id':'train','task_type':'model_training','parameters':"
                + ENDLESS_TRAINING
                + "},{'id':'predict','task_type':'prediction','depends_on':['train'],'parameters':{'symbol':'LANE_USDT','data':'synthetic','start_date':'2024-01-01','end_date':'2024-03-31','model_id':'${train.model_id}'}}]}");
    TasklaneClient other = clients.newUser(Deployments.unique("pipe-other"));
    assertEquals(404, refusal(() -> other.pipelines().get(id)));
    assertEquals(0, other.pipelines().list(0, 50).total());
    assertEquals(1, user.pipelines().list(0, 50).total());
    assertEquals(404, refusal(() -> other.pipelines().cancel(id)));

    user.pipelines().cancel(id);
    PipelinesApi.Pipeline pipeline = user.pipelines().get(id);
    assertEquals("cancelled", pipeline.status());
    UUID trainTask = pipeline.step("train").taskId();
    assertNotNull(trainTask);
    assertEquals("cancelled", user.tasks().get(trainTask).status());
    assertEquals("cancelled", pipeline.step("predict").status());
    assertEquals(409, refusal(() -> user.pipelines().cancel(id)));
  }
}
