package io.tasklane.bench;

import static io.tasklane.support.Api.q;

import io.tasklane.support.Api;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Load generator for the scheduler's admission latency, against a running server on 127.0.0.1.
 * Latencies come from the server's own timestamps (queued_at, started_at, finished_at), so the
 * client's polling does not blur them.
 *
 * <ol>
 *   <li>Free capacity: tasks submitted one at a time, each once the server's latest measurement
 *       shows room for it; latency = started_at - queued_at.
 *   <li>Hand-off: a batch submitted at once; for each task that was waiting when another finished
 *       after the whole batch was queued, latency = its started_at - the latest finished_at before
 *       it.
 * </ol>
 *
 * <p>Run: {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.tasklane.bench.AdmissionLatencyBenchmark -Dexec.args="http://127.0.0.1:8080/
 * <admin password> 1000 [estimated cores] [warm-up tasks]"}
 *
 * <p>The warm-up (default 50 tasks) is not measured. A server fresh from boot keeps compiling its
 * request paths for minutes, and on two cores each large compilation is a burst of host load that
 * the rule rightly waits out; a longer warm-up measures the steady state.
 */
public final class AdmissionLatencyBenchmark {
  /** A tiny backtest (one year of daily bars): the work is negligible, admission is measured. */
  static String tiny(String cores) {
    return q(
        "{'task_type':'backtest',"
            + (cores == null ? "" : "'estimated_cpu_cores':" + cores + ",'estimated_ram_gb':0.05,")
            + "'parameters':{'symbol':'BTC_USDT','start_date':'2024-01-01','end_date':'2024-12-31'}}");
  }

  public static void main(String[] args) {
    String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080/";
    String password = args.length > 1 ? args[1] : "admin-secret";
    int count = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    // Optional estimated cores: small ones keep the rule from holding tasks back while the load
    // generator itself keeps a small machine busy, so only the mechanism is measured.
    String TINY = tiny(args.length > 3 ? args[3] : null);
    int warmUp = args.length > 4 ? Integer.parseInt(args[4]) : 50;
    Api admin = Api.anonymous(base).as("admin", password);

    for (int i = 0; i < warmUp; i++) { // warm-up, not measured
      admin.awaitStatus(admin.submit(TINY), "completed", Duration.ofSeconds(30));
    }
    double cores = args.length > 3 ? Double.parseDouble(args[3]) : 1.0;

    // 1. Capacity free: each task is submitted once the server's own latest measurement says a
    // task of this size fits (the wait for that is not counted), then waited for.
    List<Long> freeCapacity = new ArrayList<>();
    long waitedForRoom = 0;
    for (int i = 0; i < count; i++) {
      waitedForRoom += awaitRoom(admin, cores);
      JsonObject done = admin.awaitStatus(admin.submit(TINY), "completed", Duration.ofSeconds(30));
      freeCapacity.add(micros(done.getString("queued_at"), done.getString("started_at")));
    }
    report("submission -> running, capacity free", freeCapacity);
    System.out.printf(
        "  (waited %.1f s in all for the measurement to show room)%n", waitedForRoom / 1000.0);

    // 2. Hand-off: a batch queued at once, run back to back. Completion is watched through the
    // queue counts (one cheap request every 200 ms), so the generator takes little CPU meanwhile;
    // only ends after the whole batch was queued count (the submissions' own load is over).
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(admin.submit(TINY));
    }
    Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
    while (Instant.now().isBefore(deadline)) {
      JsonObject queue = admin.get("api/system/queue").json();
      if (queue.getInt("queued_count") == 0 && queue.getInt("running_count") == 0) {
        break;
      }
      Api.pause(200);
    }
    List<JsonObject> batch = new ArrayList<>();
    for (String id : ids) {
      batch.add(admin.awaitStatus(id, "completed", Duration.ofMinutes(1)));
    }
    report("a task's end -> next queued task's start", handOffs(batch));
  }

  /**
   * Waits until the server's latest measurement leaves room for a task of {@code cores} under its
   * rule (available - factor x cores >= the kept buffer); returns the milliseconds waited.
   */
  static long awaitRoom(Api admin, double cores) {
    long started = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      JsonObject resources = admin.get("api/system/resources").json().getJsonObject("resources");
      JsonObject cpu = resources.getJsonObject("cpu");
      double factor = resources.getJsonNumber("consumption_factor").doubleValue();
      double after = cpu.getJsonNumber("available_cores").doubleValue() - factor * cores;
      if (after >= cpu.getJsonNumber("min_threshold_cores").doubleValue()) {
        break;
      }
      Api.pause(50);
    }
    return (System.nanoTime() - started) / 1_000_000;
  }

  static List<Long> handOffs(List<JsonObject> tasks) {
    List<Instant> finishes =
        tasks.stream().map(t -> Instant.parse(t.getString("finished_at"))).sorted().toList();
    Instant allQueued =
        tasks.stream()
            .map(t -> Instant.parse(t.getString("queued_at")))
            .max(Instant::compareTo)
            .get();
    List<Long> gaps = new ArrayList<>();
    for (JsonObject task : tasks) {
      Instant queued = Instant.parse(task.getString("queued_at"));
      Instant started = Instant.parse(task.getString("started_at"));
      Instant lastFinishBefore = null;
      for (Instant f : finishes) {
        if (f.isAfter(started)) {
          break;
        }
        lastFinishBefore = f;
      }
      // Only tasks that were already waiting when that task ended measure a hand-off, and only
      // once the burst of submissions is over.
      if (lastFinishBefore != null
          && queued.isBefore(lastFinishBefore)
          && lastFinishBefore.isAfter(allQueued)) {
        gaps.add(Duration.between(lastFinishBefore, started).toNanos() / 1000);
      }
    }
    return gaps;
  }

  static long micros(String from, String to) {
    return Duration.between(Instant.parse(from), Instant.parse(to)).toNanos() / 1000;
  }

  static void report(String what, List<Long> micros) {
    List<Long> sorted = micros.stream().sorted(Comparator.naturalOrder()).toList();
    System.out.printf(
        "%s: n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms%n",
        what,
        sorted.size(),
        percentile(sorted, 50) / 1000.0,
        percentile(sorted, 90) / 1000.0,
        percentile(sorted, 99) / 1000.0,
        sorted.get(sorted.size() - 1) / 1000.0);
  }

  static long percentile(List<Long> sorted, double p) {
    int index = (int) Math.ceil(p / 100 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private AdmissionLatencyBenchmark() {}
}
