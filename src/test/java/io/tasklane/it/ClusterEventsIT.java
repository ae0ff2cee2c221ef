package io.tasklane.it;

import static io.tasklane.support.Clients.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tasklane.client.TaskEvent;
import io.tasklane.client.TasklaneClient;
import io.tasklane.client.TasksApi;
import io.tasklane.support.ClientEvents;
import io.tasklane.support.Clients;
import io.tasklane.support.PayaraProcess;
import io.tasklane.support.TestDatabase;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL database: a client connected to the first receives, in order, the
 * events of a task that only the second can run. The first polls the outbox only once a minute
 * here, so the events reaching it in time prove the LISTEN/NOTIFY wake-up. The events arrive
 * through the Java client's listener.
 */
class ClusterEventsIT {
  static final String ADMIN_PASSWORD = "cluster-events-secret";
  static final TasksApi.SubmitTask QUICK =
      new TasksApi.SubmitTask(
          "backtest",
          json(
              "{'data':'synthetic','symbol':'ADA_USDT','start_date':'2023-01-01','end_date':'2023-12-31','timeframe':'1h'}"),
          null,
          null,
          null,
          0.0,
          0.25,
          null);

  /** Between one event of the task and the next, well under the listening instance's poll. */
  static final Duration NEXT_EVENT = Duration.ofSeconds(20);

  @Test
  void a_client_of_one_instance_sees_the_events_of_a_task_another_instance_runs() throws Exception {
    assumeTrue("postgresql".equals(System.getProperty("it.database")), "needs a shared database");
    try (TestDatabase db = TestDatabase.create("cluster_events")) {
      Map<String, String> environment = new HashMap<>(db.environment());
      environment.put("TASKLANE_ADMIN_PASSWORD", ADMIN_PASSWORD);
      environment.put("TASKLANE_RESOURCES_BUFFER_PERCENT", "0"); // admission is not under test

      Map<String, String> listening = new HashMap<>(environment);
      listening.put("TASKLANE_INSTANCE_NAME", "listening");
      listening.put("TASKLANE_SCHEDULER_LOCAL_CONCURRENCY", "0"); // runs nothing itself
      listening.put("TASKLANE_EVENTS_POLL_MS", "60000"); // only a notification wakes it in time
      Map<String, String> working = new HashMap<>(environment);
      working.put("TASKLANE_INSTANCE_NAME", "working");

      try (PayaraProcess first = PayaraProcess.start("cluster-events-listening", listening);
          PayaraProcess second = PayaraProcess.start("cluster-events-working", working);
          Clients onFirst = new Clients(first.baseUrl(), ADMIN_PASSWORD);
          Clients onSecond = new Clients(second.baseUrl(), ADMIN_PASSWORD)) {
        TasklaneClient viaSecond = onSecond.admin();
        ClientEvents stream = onFirst.listen(onFirst.admin());
        assertTrue(
            stream.received().get(0) instanceof TaskEvent.InitialState,
            stream.received()::toString);

        UUID id = viaSecond.tasks().submit(QUICK).taskId();
        TaskEvent.TaskCompleted completed;
        try {
          stream.await(TaskEvent.TaskQueued.class, e -> e.taskId().equals(id), NEXT_EVENT);
          stream.await(TaskEvent.TaskRunning.class, e -> e.taskId().equals(id), NEXT_EVENT);
          completed =
              stream.await(TaskEvent.TaskCompleted.class, e -> e.taskId().equals(id), NEXT_EVENT);
        } catch (ConditionTimeoutException e) {
          throw new AssertionError(
              e.getMessage()
                  + "; events so far: "
                  + stream.received()
                  + "; task "
                  + viaSecond.tasks().get(id));
        }

        assertEquals(
            List.of(
                TaskEvent.TaskQueued.class,
                TaskEvent.TaskRunning.class,
                TaskEvent.TaskCompleted.class),
            stream.received().stream()
                .filter(event -> id.equals(ClientEvents.taskOf(event)))
                .filter(event -> !(event instanceof TaskEvent.TaskProgress))
                .map(Object::getClass)
                .toList());
        assertTrue(completed.success());
        assertEquals(
            "completed", viaSecond.tasks().get(id).status(), "the working instance ran it");
      }
    }
  }
}
