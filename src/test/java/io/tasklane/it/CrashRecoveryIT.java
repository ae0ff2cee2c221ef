package io.tasklane.it;

import static io.tasklane.support.Clients.json;
import static io.tasklane.support.Clients.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.client.PipelinesApi;
import io.tasklane.client.SweepsApi;
import io.tasklane.client.SystemApi;
import io.tasklane.client.TaskView;
import io.tasklane.client.TasklaneClient;
import io.tasklane.client.TasksApi;
import io.tasklane.support.Api;
import io.tasklane.support.Clients;
import io.tasklane.support.PayaraProcess;
import io.tasklane.support.TestDatabase;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of a server with tasks running and queued, then a restart on the same database: every
 * task completes exactly once; the interrupted ones ran again with their attempt count raised. A
 * sweep's chunk is killed in the middle of its run, with part of its results stored: the run again
 * replaces them, so every combination is stored exactly once. Both servers are used through
 * Tasklane's Java client, the refused sign-in and old token after the restart included.
 */
class CrashRecoveryIT {
  static final String ADMIN_PASSWORD = "crash-admin-secret";

  /** About 10 million one-minute bars: a second or two of work each. */
  static final TasksApi.SubmitTask BACKTEST =
      TasksApi.SubmitTask.of(
          "backtest",
          json(
              "{'data':'synthetic','symbol':'ADA_USDT','start_date':'2006-01-01','end_date':'2024-12-31','timeframe':'1m'}"));

  static final int TASKS = 8;

  /** Train, then predict with the trained model: a pipeline the kill interrupts. */
  static final JsonObject PIPELINE =
      json(
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

      List<UUID> ids = new ArrayList<>();
      String firstToken;
      UUID sweepId;
      UUID longSweepId;
      UUID runningChunk;
      long storedBeforeKill;
      UUID pipeline;
      try (PayaraProcess first = PayaraProcess.start("crash-first-" + database, environment);
          Clients onFirst = new Clients(first.baseUrl(), ADMIN_PASSWORD)) {
        TasklaneClient admin = onFirst.admin();
        firstToken = admin.tokens().get();
        longSweepId = submitLongSweep(admin);
        pipeline = admin.pipelines().submit(PIPELINE).pipelineId();
        for (int i = 0; i < TASKS; i++) {
          ids.add(admin.tasks().submit(BACKTEST).taskId());
        }
        sweepId = submitSweep(admin);
        runningChunk =
            Api.eventually("a chunk of the long sweep runs")
                .atMost(Duration.ofMinutes(3))
                .until(() -> runningChunk(admin, longSweepId), Optional::isPresent)
                .get();
        SweepsApi.Sweep partlyStored =
            Api.eventually("the running chunk stored part of its results")
                .atMost(Duration.ofSeconds(60))
                .until(() -> admin.sweeps().get(longSweepId), s -> s.done() > 0);
        storedBeforeKill = partlyStored.done();
        first.kill();
      }

      // The state the crash left, read before any server can touch it again.
      Map<String, String> atCrash = db.statusesAndAttempts();
      long running = atCrash.values().stream().filter(v -> v.startsWith("running/")).count();
      long queued = atCrash.values().stream().filter(v -> v.startsWith("queued/")).count();
      assertTrue(running >= 1, () -> "a task was running when the server died: " + atCrash);
      assertTrue(queued >= 1, () -> "a task was still queued when the server died: " + atCrash);
      assertEquals(
          "running/1",
          atCrash.get(runningChunk.toString()),
          "the long sweep's chunk was running at the kill");
      assertTrue(
          storedBeforeKill < LONG_SWEEP_COMBINATIONS,
          () -> "the chunk had stored " + storedBeforeKill + " results, not all, at the kill");

      environment.put("TASKLANE_ADMIN_RESET_PASSWORD", "true");
      environment.put("TASKLANE_ADMIN_PASSWORD", NEW_ADMIN_PASSWORD);
      try (PayaraProcess second = PayaraProcess.start("crash-second-" + database, environment);
          Clients onSecond = new Clients(second.baseUrl(), NEW_ADMIN_PASSWORD)) {
        assertEquals(
            401,
            refusal(() -> onSecond.signIn("admin", ADMIN_PASSWORD)),
            "the old admin password no longer signs in");
        assertEquals(
            401,
            refusal(
                () ->
                    onSecond
                        .withToken(firstToken)
                        .tasks()
                        .list(null, null, null, null, null, null, null, null, null, 0, 50)),
            "nor its old tokens");
        TasklaneClient admin = onSecond.admin();
        // First in the queue, so first to end.
        assertLongSweepStoredEveryCombinationOnce(admin, longSweepId, runningChunk);
        List<TaskView> finished = new ArrayList<>();
        for (UUID id : ids) {
          finished.add(
              Clients.awaitTask(
                  admin, id, Duration.ofMinutes(3), t -> t.status().equals("completed")));
        }

        JsonObject reference = finished.get(0).result();
        for (TaskView task : finished) {
          UUID id = task.taskId();
          String before = atCrash.get(id.toString());
          assertEquals(reference, task.result(), "every run gives the same figures");
          if (before.startsWith("running/")) {
            assertEquals(2, task.attempts(), "interrupted task " + id + " ran again, once");
          } else if (before.startsWith("queued/")) {
            assertEquals(1, task.attempts(), "queued task " + id + " ran once");
          } else {
            assertEquals("completed/1", before, "finished before the crash and never again");
            assertEquals(1, task.attempts());
          }
        }
        assertSweepStoredEveryCombinationOnce(admin, sweepId);
        assertPipelineCarriedOn(admin, pipeline, atCrash);
        SystemApi.QueueView queue = admin.system().queue();
        assertEquals(0, queue.queuedCount() + queue.runningCount());
        assertEquals(TASKS, total(admin, "completed", "backtest"));
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
  private static UUID submitLongSweep(TasklaneClient admin) {
    SweepsApi.Accepted sweep =
        admin
            .sweeps()
            .submit(
                json(
                    "{'symbols':['ETH_USDT'],'timeframes':['1h'],'start_date':'2015-01-01','end_date':'2024-12-31',"
                        + "'data':'synthetic','estimated_cpu_cores':0.1,"
                        + "'grid':{'fast_period':{'from':5,'to':50,'step':1},'slow_period':{'from':60,'to':100,'step':1}}}"));
    assertEquals("running", sweep.status(), sweep::toString);
    assertEquals(LONG_SWEEP_COMBINATIONS, sweep.combinations());
    return sweep.sweepId();
  }

  /** How many tasks of {@code type} in {@code status} (null: any) the admin sees. */
  private static long total(TasklaneClient admin, String status, String type) {
    return admin.tasks().list(status, type, null, null, null, null, null, null, null, 0, 1).total();
  }

  /** The task id of a running chunk of the sweep (one on a 2-core machine), if one runs. */
  private static Optional<UUID> runningChunk(TasklaneClient admin, UUID sweepId) {
    for (TaskView task :
        admin
            .tasks()
            .list("running", "sweep_chunk", null, null, null, null, null, null, null, 0, 200)
            .items()) {
      if (task.parameters().getString("sweep_id").equals(sweepId.toString())) {
        return Optional.of(task.taskId());
      }
    }
    return Optional.empty();
  }

  /**
   * The chunk killed mid-run ran again once, and the sweep holds exactly one row per combination:
   * the rows its first run stored were replaced, not stored again (CSV: every result, unpaged).
   */
  private static void assertLongSweepStoredEveryCombinationOnce(
      TasklaneClient admin, UUID sweepId, UUID chunkId) {
    SweepsApi.Sweep sweep =
        Api.eventually("the long sweep ended after the restart")
            .atMost(Duration.ofMinutes(3))
            .until(() -> admin.sweeps().get(sweepId), SweepsApi.Sweep::finished);
    assertEquals("completed", sweep.status(), sweep::toString);
    assertEquals(LONG_SWEEP_COMBINATIONS, sweep.done());
    assertEquals(0, sweep.failed());
    TaskView chunk = admin.tasks().get(chunkId);
    assertEquals("completed", chunk.status());
    assertEquals(2, chunk.attempts(), "the interrupted chunk ran again, once");
    List<String> rows = admin.sweeps().resultsCsv(sweepId, null, null).lines().skip(1).toList();
    assertEquals(LONG_SWEEP_COMBINATIONS, rows.size(), "one row per combination");
    Set<String> combinations = new HashSet<>();
    rows.forEach(row -> combinations.add(row.substring(0, row.indexOf(','))));
    assertEquals(LONG_SWEEP_COMBINATIONS, combinations.size(), "no combination twice");
  }

  /** 80 combinations of ten years of daily bars, submitted after the backtests, so they queue. */
  private static UUID submitSweep(TasklaneClient admin) {
    SweepsApi.Accepted sweep =
        admin
            .sweeps()
            .submit(
                json(
                    "{'symbols':['BTC_USDT'],'start_date':'2015-01-01','end_date':'2024-12-31','data':'synthetic',"
                        + "'grid':{'fast_period':{'from':5,'to':50,'step':5},'slow_period':{'from':60,'to':200,'step':20}}}"));
    assertEquals("running", sweep.status(), sweep::toString);
    return sweep.sweepId();
  }

  private static void assertSweepStoredEveryCombinationOnce(TasklaneClient admin, UUID sweepId) {
    SweepsApi.Sweep sweep =
        Api.eventually("the sweep ended after the restart")
            .atMost(Duration.ofMinutes(3))
            .until(() -> admin.sweeps().get(sweepId), SweepsApi.Sweep::finished);
    assertEquals("completed", sweep.status(), sweep::toString);
    assertEquals(80, sweep.done());
    SweepsApi.ResultPage results = admin.sweeps().results(sweepId, null, null, 0, 1000);
    assertEquals(80, results.total());
    Set<Integer> combinations = new HashSet<>();
    results.items().forEach(row -> combinations.add(row.combination()));
    assertEquals(80, combinations.size(), "every combination once");
  }

  /**
   * The pipeline completed after the restart from where the crash left it: a step finished before
   * the kill was not run again, and each step has exactly one task.
   */
  private static void assertPipelineCarriedOn(
      TasklaneClient admin, UUID id, Map<String, String> atCrash) {
    PipelinesApi.Pipeline pipeline =
        Api.eventually("pipeline " + id + " ends")
            .atMost(Duration.ofMinutes(3))
            .until(() -> admin.pipelines().get(id), PipelinesApi.Pipeline::finished);
    assertEquals("completed", pipeline.status(), pipeline::toString);
    for (PipelinesApi.Step step : pipeline.steps()) {
      TaskView task = admin.tasks().get(step.taskId());
      String before = atCrash.get(task.taskId().toString());
      if (before != null && before.startsWith("completed/")) {
        assertEquals(1, task.attempts(), "finished before the crash and never again");
      }
    }
    assertEquals(1, total(admin, null, "model_training"));
    assertEquals(1, total(admin, null, "prediction"));
  }
}
