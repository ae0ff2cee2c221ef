package io.tasklane.it;

import static io.tasklane.support.Api.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tasklane.support.Api;
import io.tasklane.support.EventStream;
import io.tasklane.support.EventStream.Event;
import io.tasklane.support.PayaraProcess;
import io.tasklane.support.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL database: a client connected to the first receives, in order, the
 * events of a task that only the second can run. The first polls the outbox only once a minute
 * here, so the events reaching it in time prove the LISTEN/NOTIFY wake-up.
 */
class ClusterEventsIT {
  static final String ADMIN_PASSWORD = "cluster-events-secret";
  static final String QUICK =
      q(
          "{'task_type':'backtest','estimated_cpu_cores':0,'estimated_ram_gb':0.25,'parameters':{'data':'synthetic','symbol':'ADA_USDT','start_date':'2023-01-01','end_date':'2023-12-31','timeframe':'1h'}}");

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
          PayaraProcess second = PayaraProcess.start("cluster-events-working", working)) {
        Api viaFirst = Api.anonymous(first.baseUrl()).as("admin", ADMIN_PASSWORD);
        Api viaSecond = Api.anonymous(second.baseUrl()).as("admin", ADMIN_PASSWORD);
        try (EventStream stream =
            EventStream.open(
                first.baseUrl(),
                "api/system/task-events",
                Map.of("Authorization", "Bearer " + viaFirst.token()))) {
          assertEquals("initial_state", stream.next(Duration.ofSeconds(30)).type());

          String id = viaSecond.submit(QUICK);
          List<Event> events = new ArrayList<>();
          Event last;
          do {
            try {
              last = stream.await(e -> e.isAbout(id), Duration.ofSeconds(20));
            } catch (AssertionError e) {
              throw new AssertionError(
                  e.getMessage() + "; events so far: " + events + "; task " + viaSecond.task(id));
            }
            events.add(last);
          } while (!"task_completed".equals(last.type()));

          assertEquals(
              List.of("task_queued", "task_running", "task_completed"),
              events.stream()
                  .map(Event::type)
                  .filter(t -> !t.equals("task_description_update"))
                  .toList());
          assertTrue(last.data().getBoolean("success"));
          assertTrue(
              viaSecond.task(id).getString("status").equals("completed"),
              "the working instance ran it");
        }
      }
    }
  }
}
