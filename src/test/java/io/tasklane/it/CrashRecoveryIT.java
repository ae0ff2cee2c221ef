package io.tasklane.it;

import static io.tasklane.support.Api.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.support.Api;
import io.tasklane.support.PayaraProcess;
import io.tasklane.support.TestDatabase;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of a server with tasks running and queued, then a restart on the same database: every
 * task completes exactly once; the interrupted ones ran again with their attempt count raised. A
 * sweep's chunk is killed in the middle of its run, with part of its results stored: the run again
 * replaces them, so every combination is stored exactly once.
 */
class CrashRecoveryIT {
  static final String ADMIN_PASSWORD = "crash-admin-secret";

  /** About 10 million one-minute bars: a second or two of work each. */
  static final String BACKTEST =
      q(
          "{'task_type':'backtest','parameters':{'data':'synthetic','symbol':'ADA_USDT','start_date':'2006-01-01','end_date':'2024-12-31','timeframe':'1m'}}");

  static final int TASKS = 8;

  /** Train, then predict with the trained model: a pipeline the kill interrupts. */
  static final String PIPELINE =
      q(
          "{'name':'crash','steps':[{'id':'train','task_type':'model_training','parameters':{'symbol':'CRASH_USDT','data':'synthetic','start_date':'2018-01-01','end_date':'2021-12-31','params':{'rounds':5}}},"
              + "{'id':'predict','task_type':'prediction','depends_on':['train'],'parameters':{'symbol':'CRASH_USDT','data':'synthetic','start_date':'2022-01-01','end_date':'2022-03-31','model_id':'${train.model_id}'}}]}");

  static final String NEW_ADMIN_PASSWORD = "crash-admin-reset-secret";

  /**
   * The restart also resets the admin password (tasklane.admin.reset-password), the operator's way
   * back in on the same data: it costs no extra server start here.
   */
  @Test
  void
      after_kill_9_and_a_restart_every_task_completes_exactly_once_and_the_admin_gets_a_new_password()
          throws Exception {
    String database = System.getProperty("it.database", "h2");
    try (TestDatabase db = TestDatabase.create("crash")) {
      Map<String, String> environment = new HashMap<>(db.environment());
      environment.put("TASKLANE_ADMIN_PASSWORD", ADMIN_PASSWORD);
      environment.put("TASKLANE_SCHEDULER_LOCAL_CONCURRENCY", "2");
      // The pipeline's small training and prediction start on a busy build machine.
      environment.put("TASKLANE_TASKS_MODEL_TRAINING_CPU_CORES", "0.1");
      environment.put("TASKLANE_TASKS_PREDICTION_CPU_CORES", "0.1");
      // The long sweep is one chunk that runs for seconds and stores its rows in many small
      // batches, so the kill finds it running with part of its results stored.
      environment.put("TASKLANE_SWEEPS_CHUNK_SECONDS", "30");
      environment.put("TASKLANE_SWEEPS_STORE_BATCH", "100");

      List<String> ids = new ArrayList<>();
      String firstToken;
      String sweepId;
      String longSweepId;
      String runningChunk;
      long storedBeforeKill;
      String pipeline;
      try (PayaraProcess first = PayaraProcess.start("crash-first-" + database, environment)) {
        Api admin = Api.anonymous(first.baseUrl()).as("admin", ADMIN_PASSWORD);
        firstToken = admin.token();
        longSweepId = submitLongSweep(admin);
        pipeline = submitPipeline(admin);
        for (int i = 0; i < TASKS; i++) {
          ids.add(admin.submit(BACKTEST));
        }
        sweepId = submitSweep(admin);
        runningChunk =
            Api.eventually("a chunk of the long sweep runs")
                .atMost(Duration.ofMinutes(3))
                .until(() -> runningChunk(admin, longSweepId), java.util.Optional::isPresent)
                .get();
        JsonObject partlyStored =
            Api.eventually("the running chunk stored part of its results")
                .atMost(Duration.ofSeconds(60))
                .until(
                    () -> admin.get("api/sweeps/" + longSweepId).json(), s -> s.getInt("done") > 0);
        storedBeforeKill = partlyStored.getInt("done");
        first.kill();
      }

      // The state the crash left, read before any server can touch it again.
      Map<String, String> atCrash = db.statusesAndAttempts();
      long running = atCrash.values().stream().filter(v -> v.startsWith("running/")).count();
      long queued = atCrash.values().stream().filter(v -> v.startsWith("queued/")).count();
      assertTrue(running >= 1, () -> "a task was running when the server died: " + atCrash);
      assertTrue(queued >= 1, () -> "a task was still queued when the server died: " + atCrash);
      assertEquals(
          "running/1", atCrash.get(runningChunk), "the long sweep's chunk was running at the kill");
      assertTrue(
          storedBeforeKill < LONG_SWEEP_COMBINATIONS,
          () -> "the chunk had stored " + storedBeforeKill + " results, not all, at the kill");

      environment.put("TASKLANE_ADMIN_RESET_PASSWORD", "true");
      environment.put("TASKLANE_ADMIN_PASSWORD", NEW_ADMIN_PASSWORD);
      try (PayaraProcess second = PayaraProcess.start("crash-second-" + database, environment)) {
        Api anonymous = Api.anonymous(second.baseUrl());
        assertEquals(
            401,
            anonymous
                .post("api/auth/token", Api.json("username", "admin", "password", ADMIN_PASSWORD))
                .status(),
            "the old admin password no longer signs in");
        assertEquals(
            401, anonymous.withToken(firstToken).get("api/tasks").status(), "nor its old tokens");
        Api admin = anonymous.as("admin", NEW_ADMIN_PASSWORD);
        // First in the queue, so first to end.
        assertLongSweepStoredEveryCombinationOnce(admin, longSweepId, runningChunk);
        List<JsonObject> finished = new ArrayList<>();
        for (String id : ids) {
          finished.add(
              admin.awaitTask(
                  id, Duration.ofMinutes(3), t -> t.getString("status").equals("completed")));
        }

        JsonObject reference = finished.get(0).getJsonObject("result");
        for (JsonObject task : finished) {
          String id = task.getString("task_id");
          String before = atCrash.get(id);
          assertEquals(reference, task.getJsonObject("result"), "every run gives the same figures");
          if (before.startsWith("running/")) {
            assertEquals(2, task.getInt("attempts"), "interrupted task " + id + " ran again, once");
          } else if (before.startsWith("queued/")) {
            assertEquals(1, task.getInt("attempts"), "queued task " + id + " ran once");
          } else {
            assertEquals("completed/1", before, "finished before the crash and never again");
            assertEquals(1, task.getInt("attempts"));
          }
        }
        assertSweepStoredEveryCombinationOnce(admin, sweepId);
        assertPipelineCarriedOn(admin, pipeline, atCrash);
        JsonObject queue = admin.get("api/system/queue").json();
        assertEquals(0, queue.getInt("queued_count") + queue.getInt("running_count"));
        assertEquals(
            TASKS,
            admin.get("api/tasks?status=completed&task_type=backtest").json().getInt("total"));
      }
    }
  }

  /** 46 fast × 41 slow periods. */
  static final int LONG_SWEEP_COMBINATIONS = 46 * 41;

  /**
   * 1,886 combinations of ten years of hourly bars (87,672 each): a chunk of a few seconds (30 s by
   * the sizing's estimate; one chunk on a 2-core machine), submitted first so it starts at once.
   * Like the pipeline's steps it asks for a tenth of a core, so it starts on a busy build machine.
   */
  private static String submitLongSweep(Api admin) {
    Api.Reply sweep =
        admin.post(
            "api/sweeps",
            q(
                "{'symbols':['ETH_USDT'],'timeframes':['1h'],'start_date':'2015-01-01','end_date':'2024-12-31',"
                    + "'data':'synthetic','estimated_cpu_cores':0.1,"
                    + "'grid':{'fast_period':{'from':5,'to':50,'step':1},'slow_period':{'from':60,'to':100,'step':1}}}"));
    assertEquals(202, sweep.status(), sweep::body);
    assertEquals(LONG_SWEEP_COMBINATIONS, sweep.json().getInt("combinations"));
    return sweep.json().getString("sweep_id");
  }

  /** The task id of a running chunk of the sweep (one on a 2-core machine), if one runs. */
  private static java.util.Optional<String> runningChunk(Api admin, String sweepId) {
    for (var item :
        admin
            .get("api/tasks?task_type=sweep_chunk&status=running&size=200")
            .json()
            .getJsonArray("items")) {
      JsonObject task = item.asJsonObject();
      if (task.getJsonObject("parameters").getString("sweep_id").equals(sweepId)) {
        return java.util.Optional.of(task.getString("task_id"));
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * The chunk killed mid-run ran again once, and the sweep holds exactly one row per combination:
   * the rows its first run stored were replaced, not stored again (CSV: every result, unpaged).
   */
  private static void assertLongSweepStoredEveryCombinationOnce(
      Api admin, String sweepId, String chunkId) {
    JsonObject sweep =
        Api.eventually("the long sweep ended after the restart")
            .atMost(Duration.ofMinutes(3))
            .until(
                () -> admin.get("api/sweeps/" + sweepId).json(),
                s -> !s.getString("status").equals("running"));
    assertEquals("completed", sweep.getString("status"), sweep::toString);
    assertEquals(LONG_SWEEP_COMBINATIONS, sweep.getInt("done"));
    assertEquals(0, sweep.getInt("failed"));
    JsonObject chunk = admin.task(chunkId);
    assertEquals("completed", chunk.getString("status"));
    assertEquals(2, chunk.getInt("attempts"), "the interrupted chunk ran again, once");
    Api.Reply csv = admin.get("api/sweeps/" + sweepId + "/results", "text/csv");
    assertEquals(200, csv.status(), csv::body);
    List<String> rows = csv.body().lines().skip(1).toList();
    assertEquals(LONG_SWEEP_COMBINATIONS, rows.size(), "one row per combination");
    java.util.Set<String> combinations = new java.util.HashSet<>();
    rows.forEach(row -> combinations.add(row.substring(0, row.indexOf(','))));
    assertEquals(LONG_SWEEP_COMBINATIONS, combinations.size(), "no combination twice");
  }

  /** 80 combinations of ten years of daily bars, submitted after the backtests, so they queue. */
  private static String submitSweep(Api admin) {
    Api.Reply sweep =
        admin.post(
            "api/sweeps",
            q(
                "{'symbols':['BTC_USDT'],'start_date':'2015-01-01','end_date':'2024-12-31','data':'synthetic',"
                    + "'grid':{'fast_period':{'from':5,'to':50,'step':5},'slow_period':{'from':60,'to':200,'step':20}}}"));
    assertEquals(202, sweep.status(), sweep::body);
    return sweep.json().getString("sweep_id");
  }

  private static void assertSweepStoredEveryCombinationOnce(Api admin, String sweepId) {
    JsonObject sweep =
        Api.eventually("the sweep ended after the restart")
            .atMost(Duration.ofMinutes(3))
            .until(
                () -> admin.get("api/sweeps/" + sweepId).json(),
                s -> !s.getString("status").equals("running"));
    assertEquals("completed", sweep.getString("status"), sweep::toString);
    assertEquals(80, sweep.getInt("done"));
    JsonObject results = admin.get("api/sweeps/" + sweepId + "/results?size=1000").json();
    assertEquals(80, results.getInt("total"));
    java.util.Set<Integer> combinations = new java.util.HashSet<>();
    results
        .getJsonArray("items")
        .forEach(row -> combinations.add(row.asJsonObject().getInt("combination")));
    assertEquals(80, combinations.size(), "every combination once");
  }

  private static String submitPipeline(Api admin) {
    Api.Reply reply = admin.post("api/pipelines", PIPELINE);
    assertEquals(202, reply.status(), reply::body);
    return reply.json().getString("pipeline_id");
  }

  /**
   * The pipeline completed after the restart from where the crash left it: a step finished before
   * the kill was not run again, and each step has exactly one task.
   */
  private static void assertPipelineCarriedOn(Api admin, String id, Map<String, String> atCrash) {
    JsonObject pipeline =
        Api.eventually("pipeline " + id + " ends")
            .atMost(Duration.ofMinutes(3))
            .until(
                () -> admin.get("api/pipelines/" + id).json(),
                p -> !p.getString("status").equals("running"));
    assertEquals("completed", pipeline.getString("status"), pipeline::toString);
    for (var value : pipeline.getJsonArray("steps")) {
      JsonObject task = admin.task(value.asJsonObject().getString("task_id"));
      String before = atCrash.get(task.getString("task_id"));
      if (before != null && before.startsWith("completed/")) {
        assertEquals(1, task.getInt("attempts"), "finished before the crash and never again");
      }
    }
    assertEquals(1, admin.get("api/tasks?task_type=model_training").json().getInt("total"));
    assertEquals(1, admin.get("api/tasks?task_type=prediction").json().getInt("total"));
  }
}
