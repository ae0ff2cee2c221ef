package io.tasklane.it;

import static io.tasklane.support.Api.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.support.Api;
import io.tasklane.support.Deployments;
import io.tasklane.support.EventStream;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies, pipelines with gates and references, and lane capacity, end to end. The server is
 * started with the seed's configuration (two training workers, three local tasks at once, small
 * estimates so a busy build machine admits them), which the shared Arquillian server does not have.
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
  static Api admin;

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
    admin = Api.anonymous(server.baseUrl()).as("admin", ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (db != null) {
      db.close();
    }
  }

  static String training(String parameters) {
    return q("{'task_type':'model_training','parameters':" + parameters + "}");
  }

  static String dependent(String type, String parameters, String... on) {
    return q(
        "{'task_type':'"
            + type
            + "','parameters':"
            + parameters
            + ",'depends_on':['"
            + String.join("','", on)
            + "']}");
  }

  static String pipeline(Api api, String body) {
    Api.Reply reply = api.post("api/pipelines", q(body));
    assertEquals(202, reply.status(), reply::body);
    return reply.json().getString("pipeline_id");
  }

  static JsonObject awaitPipeline(String id, String status) {
    return Api.eventually("pipeline " + id + " " + status)
        .atMost(PATIENCE)
        .until(
            () -> admin.get("api/pipelines/" + id).json(),
            p -> !p.getString("status").equals("running"));
  }

  static JsonObject step(JsonObject pipeline, String id) {
    return pipeline.getJsonArray("steps").stream()
        .map(v -> v.asJsonObject())
        .filter(s -> s.getString("id").equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void a_dependent_waits_for_its_dependency_and_then_runs_with_the_trained_model() {
    String train = admin.submit(training(QUICK_TRAINING));
    String predict =
        admin.submit(
            dependent(
                "prediction",
                "{'symbol':'PIPE_USDT','data':'synthetic','start_date':'2022-01-01','end_date':'2022-03-31'}",
                train));
    JsonObject waiting = admin.task(predict);
    if (waiting.getString("status").equals("queued")) {
      assertTrue(
          waiting.getString("blocked_reason").startsWith("Waiting for task " + train),
          waiting::toString);
    }
    JsonObject trained = admin.awaitStatus(train, "completed", PATIENCE);
    JsonObject predicted = admin.awaitStatus(predict, "completed", PATIENCE);
    assertEquals(
        trained.getJsonObject("result").getString("model_id"),
        predicted.getJsonObject("result").getString("model_id"));
    assertTrue(
        !Instant.parse(predicted.getString("started_at"))
            .isBefore(Instant.parse(trained.getString("finished_at"))),
        "started after its dependency finished");
  }

  @Test
  void a_failed_dependency_cancels_its_dependents_down_the_chain() {
    // The failing prediction waits for a training, so its dependents exist before it fails.
    String train = admin.submit(training(QUICK_TRAINING));
    String failing =
        admin.submit(
            dependent(
                "prediction",
                "{'symbol':'NO_MODEL_PIPE','data':'synthetic','start_date':'2022-01-01','end_date':'2022-03-31'}",
                train));
    String second =
        admin.submit(
            dependent(
                "backtest",
                "{'symbol':'PIPE_USDT','data':'synthetic','start_date':'2022-01-01','end_date':'2022-03-31'}",
                failing));
    String third =
        admin.submit(
            dependent(
                "backtest",
                "{'symbol':'PIPE_USDT','data':'synthetic','start_date':'2022-01-01','end_date':'2022-03-31'}",
                second));
    admin.awaitStatus(failing, "failed", PATIENCE);
    JsonObject cancelled = admin.awaitStatus(second, "cancelled", PATIENCE);
    assertTrue(cancelled.getString("error").contains(failing), cancelled::toString);
    assertTrue(cancelled.getString("error").contains("failed"), cancelled::toString);
    JsonObject last = admin.awaitStatus(third, "cancelled", PATIENCE);
    assertTrue(last.getString("error").contains(second), last::toString);
    assertEquals(0, last.getInt("attempts"), "never ran");
  }

  @Test
  void cancelling_a_dependency_cancels_its_dependent_and_bad_ids_are_refused() {
    String train = admin.submit(training(ENDLESS_TRAINING));
    String predict =
        admin.submit(
            dependent(
                "prediction",
                "{'symbol':'LANE_USDT','data':'synthetic','start_date':'2024-01-01','end_date':'2024-03-31'}",
                train));
    assertEquals(200, admin.post("api/tasks/" + train + "/cancel", "").status());
    JsonObject cancelled = admin.awaitStatus(predict, "cancelled", PATIENCE);
    assertTrue(cancelled.getString("error").contains(train + " it depends on was cancelled"));

    Api.Reply unknown =
        admin.post("api/tasks", dependent("backtest", RANGE, UUID.randomUUID().toString()));
    assertEquals(400, unknown.status(), unknown::body);
    assertTrue(unknown.body().contains("depends_on"), unknown::body);
    Api.Reply onCancelled = admin.post("api/tasks", dependent("backtest", RANGE, train));
    assertEquals(400, onCancelled.status(), onCancelled::body);
    Api.Reply othersTask =
        admin
            .newUser(Deployments.unique("dep-user"))
            .post("api/tasks", dependent("backtest", RANGE, predict));
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
    Api.Reply accepted =
        admin.post(
            "api/pipelines",
            q("{'name':'passes'," + steps.formatted("majority_baseline - 1") + "}"));
    assertEquals(202, accepted.status(), accepted::body);
    String passing = accepted.json().getString("pipeline_id");
    String stopping = pipeline(admin, "{'name':'stops'," + steps.formatted("2") + "}");

    JsonObject passed = awaitPipeline(passing, "completed");
    assertEquals("completed", passed.getString("status"), passed::toString);
    OpenApiDocument openApi = OpenApiDocument.fetch(admin);
    openApi.assertDescribes("POST", "/api/pipelines", 202, accepted.json());
    openApi.assertDescribes("GET", "/api/pipelines/{id}", 200, passed);
    openApi.assertDescribes("GET", "/api/pipelines", 200, admin.get("api/pipelines").json());
    assertEquals("passed", step(passed, "gate").getString("status"));
    String modelId = step(passed, "train").getJsonObject("result").getString("model_id");
    JsonObject prediction = admin.task(step(passed, "predict").getString("task_id"));
    assertEquals(modelId, prediction.getJsonObject("parameters").getString("model_id"));
    assertEquals(modelId, prediction.getJsonObject("result").getString("model_id"));

    JsonObject stopped = awaitPipeline(stopping, "stopped_at_gate");
    assertEquals("stopped_at_gate", stopped.getString("status"), stopped::toString);
    assertEquals("stopped", step(stopped, "gate").getString("status"));
    assertTrue(
        step(stopped, "gate").getString("detail").contains("is not >= 2"), stopped::toString);
    assertEquals("skipped", step(stopped, "predict").getString("status"));
    assertTrue(step(stopped, "predict").isNull("task_id"), "a skipped step never got a task");
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
    String a = pipeline(admin, body.formatted("A", ENDLESS_TRAINING));
    String b = pipeline(admin, body.formatted("B", ENDLESS_TRAINING));
    String c = pipeline(admin, body.formatted("C", LONGER_TRAINING));
    String trainA = trainOf(a);
    String trainB = trainOf(b);
    String trainC = trainOf(c);

    admin.awaitStatus(trainA, "running", PATIENCE);
    admin.awaitStatus(trainB, "running", PATIENCE);
    admin.awaitTask(
        trainC,
        PATIENCE,
        t ->
            t.getString("status").equals("queued")
                && "Lane model_training is full (2 running)"
                    .equals(t.getString("blocked_reason", null)));
    assertEquals("running", admin.task(trainA).getString("status"), "A and B train at once");
    assertEquals("running", admin.task(trainB).getString("status"), "A and B train at once");

    assertEquals(200, admin.post("api/pipelines/" + a + "/cancel", "").status());
    JsonObject endedA = admin.awaitStatus(trainA, "cancelled", PATIENCE);
    JsonObject startedC =
        admin.awaitTask(trainC, PATIENCE, t -> !t.getString("status").equals("queued"));
    assertEquals("running", admin.task(trainB).getString("status"), "B still trains");
    Instant aEnd = Instant.parse(endedA.getString("finished_at"));
    Instant cStart = Instant.parse(startedC.getString("started_at"));
    assertTrue(!cStart.isBefore(aEnd), () -> "C started when A ended: " + aEnd + " " + cStart);

    assertEquals(200, admin.post("api/pipelines/" + b + "/cancel", "").status());
    JsonObject doneC = awaitPipeline(c, "completed");
    assertEquals("completed", doneC.getString("status"), doneC::toString);
    assertEquals("cancelled", awaitPipeline(a, "cancelled").getString("status"));
    assertEquals("cancelled", awaitPipeline(b, "cancelled").getString("status"));
  }

  static String trainOf(String pipeline) {
    return step(admin.get("api/pipelines/" + pipeline).json(), "train").getString("task_id");
  }

  @Test
  void pipeline_events_reach_their_owner_and_no_one_else() {
    Api owner = admin.newUser(Deployments.unique("events-owner"));
    Api stranger = admin.newUser(Deployments.unique("events-stranger"));
    try (EventStream mine = stream(owner);
        EventStream theirs = stream(stranger)) {
      String id =
          pipeline(
              owner,
              "{'name':'watched','steps':[{'id':'train','task_type':'model_training','parameters':"
                  + QUICK_TRAINING
                  + "},{'id':'gate','gate':{'step':'train','metric':'metrics.test.accuracy','op':'>','value':2}}]}");
      EventStream.Event gate =
          mine.await(
              e ->
                  e.type().equals("pipeline_step")
                      && e.data().getString("pipeline_id").equals(id)
                      && e.data().getString("step_id").equals("gate"),
              PATIENCE);
      assertEquals("stopped", gate.data().getString("status"));
      EventStream.Event ended =
          mine.await(
              e ->
                  e.type().equals("pipeline_completed")
                      && e.data().getString("pipeline_id").equals(id),
              PATIENCE);
      assertEquals("stopped_at_gate", ended.data().getString("status"));
      assertTrue(
          theirs.drain().stream()
              .noneMatch(e -> e.type().startsWith("pipeline_") || e.json().toString().contains(id)),
          "another user's pipeline is not on their stream");
    }
  }

  static EventStream stream(Api who) {
    return EventStream.open(
        server.baseUrl(),
        "api/system/task-events",
        Map.of("Authorization", "Bearer " + who.token()));
  }

  @Test
  void the_template_trains_gates_predicts_and_backtests_the_trained_model() {
    String id =
        pipeline(
            admin,
            "{'template':'train_gate_predict_backtest','symbol':'TPL_USDT','data':'synthetic',"
                + "'train_start_date':'2016-01-01','train_end_date':'2021-12-31','start_date':'2022-01-01',"
                + "'end_date':'2022-12-31','params':{'rounds':5},'min_edge':-1}");
    JsonObject done = awaitPipeline(id, "completed");
    assertEquals("completed", done.getString("status"), done::toString);
    assertEquals(
        List.of("train", "gate", "predict", "backtest"),
        done.getJsonArray("steps").stream().map(v -> v.asJsonObject().getString("id")).toList());
    String modelId = step(done, "train").getJsonObject("result").getString("model_id");
    JsonObject backtest = step(done, "backtest").getJsonObject("result");
    assertEquals("ml_predictive", backtest.getString("strategy"));
    assertEquals(modelId, backtest.getString("model_id"));
    assertEquals(modelId, step(done, "predict").getJsonObject("result").getString("model_id"));
  }

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
    Api.Reply openApi = admin.get("openapi", "application/json");
    assertEquals(200, openApi.status(), openApi::body);
    assertTrue(openApi.json().getJsonObject("paths").containsKey("/api/pipelines/{id}/cancel"));
    for (Map.Entry<String, String> bad : refusals.entrySet()) {
      Api.Reply reply = admin.post("api/pipelines", q(bad.getKey()));
      assertEquals(400, reply.status(), reply::body);
      assertTrue(reply.body().contains(bad.getValue()), reply::body);
    }
  }

  @Test
  void a_user_sees_and_cancels_only_their_own_pipelines() {
    Api user = admin.newUser(Deployments.unique("pipe-user"));
    String id =
        pipeline(
            user,
            "{'name':'mine','steps':[{'id':'train','task_type':'model_training','parameters':"
                + ENDLESS_TRAINING
                + "},{'id':'predict','task_type':'prediction','depends_on':['train'],'parameters':{'symbol':'LANE_USDT','data':'synthetic','start_date':'2024-01-01','end_date':'2024-03-31','model_id':'${train.model_id}'}}]}");
    Api other = admin.newUser(Deployments.unique("pipe-other"));
    assertEquals(404, other.get("api/pipelines/" + id).status());
    assertEquals(0, other.get("api/pipelines").json().getInt("total"));
    assertEquals(1, user.get("api/pipelines").json().getInt("total"));
    assertEquals(404, other.post("api/pipelines/" + id + "/cancel", "").status());

    Api.Reply cancelled = user.post("api/pipelines/" + id + "/cancel", "");
    assertEquals(200, cancelled.status(), cancelled::body);
    JsonObject pipeline = user.get("api/pipelines/" + id).json();
    assertEquals("cancelled", pipeline.getString("status"));
    String trainTask = step(pipeline, "train").getString("task_id");
    assertNotNull(trainTask);
    assertEquals("cancelled", user.task(trainTask).getString("status"));
    assertEquals("cancelled", step(pipeline, "predict").getString("status"));
    assertEquals(409, user.post("api/pipelines/" + id + "/cancel", "").status());
  }
}
