package io.tasklane.bench;

import static io.tasklane.support.Api.q;

import io.tasklane.support.Api;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Node utilisation and hand-off gap of the QuantConnect lane, against a running server whose lane
 * is served by the built-in sandbox (no credentials configured). Figures come from the sandbox's
 * own record of when each backtest was created and when it ended, not from client polling.
 *
 * <ul>
 *   <li>Utilisation: node time busy / node time available, from the first create to the last (the
 *       queue is non-empty all that time).
 *   <li>Hand-off gap: the n-th backtest to end frees the node the (nodes + n)-th create takes; gap
 *       = that create's time - that end's time.
 * </ul>
 *
 * <li>Requests per task: what the sandbox received, by endpoint, divided by the tasks.
 * <li>Freed outside: with every node busy outside Tasklane and one task waiting, the nodes are
 *     freed; gap = the task's create - the moment they were freed (median over the rounds).
 * </ul>
 *
 * <p>Run: {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.tasklane.bench.QuantConnectHandoffBenchmark
 * -Dexec.args="http://127.0.0.1:8080/ <admin password> 20 10000 20000 1000 0 10"} (tasks, shortest
 * backtest ms, extra random ms, compile ms, latency of every request in ms, freed-outside rounds).
 * A latency needs the server to call its sandbox over HTTP (README: the sandbox's HTTP face).
 */
public final class QuantConnectHandoffBenchmark {
  public static void main(String[] args) {
    String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080/";
    String password = args.length > 1 ? args[1] : "admin-secret";
    int count = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    long shortest = args.length > 3 ? Long.parseLong(args[3]) : 10_000;
    long jitter = args.length > 4 ? Long.parseLong(args[4]) : 20_000;
    long compile = args.length > 5 ? Long.parseLong(args[5]) : 1_000;
    long latency = args.length > 6 ? Long.parseLong(args[6]) : 0;
    int outsideRounds = args.length > 7 ? Integer.parseInt(args[7]) : 0;
    Api admin = Api.anonymous(base).as("admin", password);
    handoff(admin, count, shortest, jitter, compile, latency);
    if (outsideRounds > 0) {
      freedOutside(admin, outsideRounds, latency);
    }
  }

  private static String latency(long latency) {
    return latency > 0 ? ",'slow_next_requests':1000,'latency_ms':" + latency : "";
  }

  private static void handoff(
      Api admin, int count, long shortest, long jitter, long compile, long latency) {

    admin.post("api/quantconnect-sandbox/control/reset", "{}");
    JsonObject behaviour =
        admin
            .put(
                "api/quantconnect-sandbox/control",
                q(
                    "{'backtest_ms':"
                        + shortest
                        + ",'backtest_jitter_ms':"
                        + jitter
                        + ",'compile_ms':"
                        + compile
                        + latency(latency)
                        + "}"))
            .json();
    int nodes = behaviour.getInt("nodes");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(
          admin.submit(
              q("{'task_type':'qc_backtest','parameters':{'project_id':" + (7000 + i) + "}}")));
    }
    Duration patience = Duration.ofMillis((shortest + jitter + 5_000) * (count / nodes + 2));
    for (String id : ids) {
      admin.awaitStatus(id, "completed", patience);
    }

    JsonObject state = admin.get("api/quantconnect-sandbox/control").json();
    List<Instant> creates = new ArrayList<>();
    List<Instant> sortedEnds = new ArrayList<>();
    for (JsonValue value : state.getJsonArray("history")) {
      JsonObject b = value.asJsonObject();
      creates.add(Instant.parse(b.getString("created")));
      sortedEnds.add(Instant.parse(b.getString("ends")));
    }
    Collections.sort(creates);
    Collections.sort(sortedEnds);

    Instant from = creates.get(0);
    Instant to = creates.get(creates.size() - 1);
    long busy = 0;
    List<Instant[]> intervals = new ArrayList<>();
    for (JsonValue value : state.getJsonArray("history")) {
      JsonObject b = value.asJsonObject();
      intervals.add(
          new Instant[] {
            Instant.parse(b.getString("created")), Instant.parse(b.getString("ends"))
          });
    }
    for (Instant[] interval : intervals) {
      Instant start = interval[0].isBefore(from) ? from : interval[0];
      Instant end = interval[1].isAfter(to) ? to : interval[1];
      if (end.isAfter(start)) {
        busy += Duration.between(start, end).toMillis();
      }
    }
    long available = Duration.between(from, to).toMillis() * nodes;

    List<Long> gaps = new ArrayList<>();
    for (int n = 0; n + nodes < creates.size(); n++) {
      gaps.add(Duration.between(sortedEnds.get(n), creates.get(n + nodes)).toMillis());
    }
    Collections.sort(gaps);
    System.out.printf(
        "%d backtests of %d-%d ms on %d nodes (compile %d ms), max in flight %d, no-spare-nodes"
            + " refusals %d%n",
        count,
        shortest,
        shortest + jitter,
        nodes,
        compile,
        state.getInt("max_running"),
        state.getInt("refused_no_spare_nodes"));
    System.out.printf(
        "node utilisation while queue non-empty: %.1f %% (%d of %d node-ms)%n",
        100.0 * busy / available, busy, available);
    System.out.printf(
        "hand-off gap (end on QuantConnect -> next create) at %d ms per request, n=%d: median %d"
            + " ms, p95 %d ms, max %d ms%n",
        latency,
        gaps.size(),
        gaps.get(gaps.size() / 2),
        gaps.get((int) Math.ceil(gaps.size() * 0.95) - 1),
        gaps.get(gaps.size() - 1));
    if (state.get("requests_by_endpoint") instanceof JsonObject requests) {
      int total = requests.values().stream().mapToInt(v -> ((JsonNumber) v).intValue()).sum();
      System.out.printf(
          "QuantConnect requests per task: %.1f (%s)%n", (double) total / count, requests);
    }
    System.out.printf("creates %d for %d tasks%n", state.getInt("created"), count);
  }

  /** With every node busy outside Tasklane, one task waits; then they are freed. */
  private static void freedOutside(Api admin, int rounds, long latency) {
    List<Long> gaps = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      admin.post("api/quantconnect-sandbox/control/reset", "{}");
      int nodes = admin.get("api/quantconnect-sandbox/control").json().getInt("nodes");
      admin.put(
          "api/quantconnect-sandbox/control",
          q(
              "{'busy_elsewhere':"
                  + nodes
                  + ",'backtest_ms':500,'compile_ms':100"
                  + latency(latency)
                  + "}"));
      String id =
          admin.submit(
              q("{'task_type':'qc_backtest','parameters':{'project_id':" + (8000 + round) + "}}"));
      admin.awaitTask(
          id,
          Duration.ofMinutes(2),
          t ->
              t.get("blocked_reason") instanceof JsonString r
                  && r.getString().contains("busy outside Tasklane"));
      // Free the nodes at a random moment of the re-check interval.
      Api.pause(ThreadLocalRandom.current().nextLong(0, 3000));
      Instant freed = Instant.now();
      admin.put("api/quantconnect-sandbox/control", q("{'busy_elsewhere':0}"));
      admin.awaitStatus(id, "completed", Duration.ofMinutes(2));
      JsonObject created =
          admin
              .get("api/quantconnect-sandbox/control")
              .json()
              .getJsonArray("history")
              .getJsonObject(0);
      gaps.add(Duration.between(freed, Instant.parse(created.getString("created"))).toMillis());
    }
    Collections.sort(gaps);
    System.out.printf(
        "freed outside Tasklane -> next create at %d ms per request, n=%d: median %d ms, p95 %d"
            + " ms, max %d ms (%s)%n",
        latency,
        gaps.size(),
        gaps.get(gaps.size() / 2),
        gaps.get((int) Math.ceil(gaps.size() * 0.95) - 1),
        gaps.get(gaps.size() - 1),
        gaps);
  }
}
