package io.tasklane.bench;

import static io.tasklane.support.Api.q;

import io.tasklane.profiles.ProfileEstimator;
import io.tasklane.support.Api;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Issue 20's admission figures, against a running server on 127.0.0.1 (every task with its default
 * estimates, as a new user submits them).
 *
 * <ul>
 *   <li>{@code tiny-wait}: a stream of one-year daily backtests, one every {@code gap} ms; queue
 *       wait = started_at - queued_at from the server's own timestamps. With {@code hog} 1 the
 *       generator first keeps one core busy on a thread of its own (the half-busy machine of a
 *       2-core host). Tasks still queued after {@code limit} s are cancelled and reported as such.
 *       Run it once against a server with the short-task allowance (the default) and once with
 *       {@code TASKLANE_RESOURCES_SHORT_TASK_CPU_MS=0} (before: every task waits for its cores).
 *   <li>{@code prediction-error}: mixed tasks one at a time (backtests of four sizes, predictions,
 *       a few trainings), so each row of {@code resource_profile} is one task's measurement, read
 *       in finish order from the server's database. Each task's prediction is replayed with the
 *       server's own {@link ProfileEstimator} over the rows before it (what the server predicted up
 *       to its 5 s profile cache), and compared with what it measured: CPU milliseconds, and heap
 *       as bytes allocated (the figure the profile learns the heap need from).
 * </ul>
 *
 * <p>Run: {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.tasklane.bench.ProfileAdmissionBenchmark -Dexec.args="tiny-wait
 * http://127.0.0.1:19301/ <admin password> <tasks> <hog 0|1> [gap ms] [limit s]"} or {@code
 * -Dexec.args="prediction-error http://127.0.0.1:19301/ <admin password> <jdbc url> <tasks>
 * [short]"} ({@code short}: only the backtests short from the start).
 */
public final class ProfileAdmissionBenchmark {
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Api admin = Api.anonymous(args[1]).as("admin", args[2]);
    if (mode.equals("tiny-wait")) {
      tinyWait(
          admin,
          Integer.parseInt(args[3]),
          args.length > 4 && args[4].equals("1"),
          args.length > 5 ? Long.parseLong(args[5]) : 100,
          args.length > 6 ? Long.parseLong(args[6]) : 120);
    } else if (mode.equals("prediction-error")) {
      predictionError(
          admin, args[3], Integer.parseInt(args[4]), args.length > 5 && args[5].equals("short"));
    } else {
      throw new IllegalArgumentException("mode: tiny-wait or prediction-error, got " + mode);
    }
    System.exit(0);
  }

  static String backtest(String symbol, int days, String timeframe) {
    return q(
        "{'task_type':'backtest','parameters':{'data':'synthetic','symbol':'"
            + symbol
            + "','timeframe':'"
            + timeframe
            + "','start_date':'2023-01-01','end_date':'"
            + LocalDate.of(2023, 1, 1).plusDays(days - 1)
            + "'}}");
  }

  // ---- tiny-wait ----

  static void tinyWait(Api admin, int count, boolean hog, long gapMillis, long limitSeconds) {
    String tiny = backtest("TINY_USDT", 365, "1d");
    for (int i = 0; i < 20; i++) { // warm-up, not measured
      String id = admin.submit(tiny);
      try {
        admin.awaitStatus(id, "completed", Duration.ofSeconds(limitSeconds));
      } catch (org.awaitility.core.ConditionTimeoutException stillQueued) {
        admin.post("api/tasks/" + id + "/cancel", "{}"); // the rule holds it: go on regardless
        break;
      }
    }
    Thread hogThread = null;
    boolean[] hogRunning = {true};
    if (hog) {
      hogThread =
          new Thread(
              () -> {
                long spin = 0;
                while (hogRunning[0]) {
                  spin++;
                }
                if (spin == 42) {
                  System.out.print("");
                }
              },
              "core-hog");
      hogThread.setDaemon(true);
      hogThread.start();
      Api.pause(3_000); // the server's CPU window sees it
    }
    JsonObject before = admin.get("api/system/resources").json().getJsonObject("resources");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(admin.submit(tiny));
      Api.pause(gapMillis);
    }
    Instant deadline = Instant.now().plusSeconds(limitSeconds);
    while (Instant.now().isBefore(deadline)
        && admin.get("api/system/queue").json().getInt("queued_count") > 0) {
      Api.pause(500);
    }
    List<Long> waits = new ArrayList<>();
    int cancelled = 0;
    String reason = null;
    for (String id : ids) {
      JsonObject task = admin.task(id);
      if (task.getString("status").equals("queued")) {
        if (task.get("blocked_reason") instanceof jakarta.json.JsonString s) {
          reason = s.getString();
        }
        admin.post("api/tasks/" + id + "/cancel", "{}");
        cancelled++;
        continue;
      }
      JsonObject done =
          admin.awaitTask(id, Duration.ofMinutes(2), t -> t.get("started_at") != null);
      waits.add(
          Duration.between(
                  Instant.parse(done.getString("queued_at")),
                  Instant.parse(done.getString("started_at")))
              .toMillis());
    }
    if (hogThread != null) {
      hogRunning[0] = false;
    }
    System.out.printf(
        "tiny-wait: %d tasks, one every %d ms, hog %s; server saw %.0f %% CPU, %.2f cores free"
            + " before%n",
        count,
        gapMillis,
        hog ? "on" : "off",
        before.getJsonObject("cpu").getJsonNumber("usage_percent").doubleValue(),
        before.getJsonObject("cpu").getJsonNumber("available_cores").doubleValue());
    if (!waits.isEmpty()) {
      List<Long> sorted = waits.stream().sorted().toList();
      System.out.printf(
          "  started %d: queue wait p50=%d ms p99=%d ms max=%d ms%n",
          sorted.size(),
          percentile(sorted, 50),
          percentile(sorted, 99),
          sorted.get(sorted.size() - 1));
    }
    if (cancelled > 0) {
      System.out.printf(
          "  still queued after %d s (cancelled): %d; last reason: %s%n",
          limitSeconds, cancelled, reason);
    }
  }

  static long percentile(List<Long> sorted, double p) {
    int index = (int) Math.ceil(p / 100 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  // ---- prediction-error ----

  /** One kind of task in the mix: its body, its type and its bars as the profile sizes it. */
  record Kind(String label, String type, String body, long bars) {}

  static List<Kind> kinds() {
    List<Kind> kinds = new ArrayList<>();
    kinds.add(new Kind("backtest 1y 1d", "backtest", backtest("MIX_USDT", 365, "1d"), 365));
    kinds.add(new Kind("backtest 30d 1m", "backtest", backtest("MIX_USDT", 30, "1m"), 43_200));
    kinds.add(new Kind("backtest 1y 1h", "backtest", backtest("MIX_USDT", 365, "1h"), 8_760));
    kinds.add(new Kind("backtest 1y 1m", "backtest", backtest("MIX_USDT", 365, "1m"), 525_600));
    return kinds;
  }

  /**
   * @param shortOnly only the three backtest sizes that are short from the start (on a machine
   *     whose other load leaves no core free, nothing else is admitted)
   */
  static void predictionError(Api admin, String jdbcUrl, int count, boolean shortOnly)
      throws Exception {
    admin.delete("api/system/profiles"); // start from the defaults
    if (shortOnly) {
      List<Kind> kinds = kinds().subList(0, 3);
      List<Kind> run = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        run.add(kinds.get(i % 3));
      }
      measure(admin, jdbcUrl, run);
      return;
    }
    String training =
        q(
            "{'task_type':'model_training','parameters':{'data':'synthetic','symbol':'MIX_USDT','start_date':'2016-01-01','end_date':'2023-12-31','name':'mix_model'}}");
    String modelId =
        admin
            .awaitStatus(admin.submit(training), "completed", Duration.ofMinutes(5))
            .getJsonObject("result")
            .getString("model_id");
    String prediction =
        q(
            "{'task_type':'prediction','parameters':{'model_id':'"
                + modelId
                + "','data':'synthetic','symbol':'MIX_USDT','start_date':'2023-01-01','end_date':'2023-12-31'}}");
    List<Kind> kinds = new ArrayList<>(kinds());
    kinds.add(new Kind("prediction 1y 1d", "prediction", prediction, 365));
    kinds.add(new Kind("model_training 8y 1d", "model_training", training, 2_922));
    List<Kind> run = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // every 20th a training, every 5th a prediction, the rest backtests of the four sizes
      Kind kind =
          i % 20 == 19 ? kinds.get(5) : i % 5 == 4 ? kinds.get(4) : kinds.get((i - i / 5) % 4);
      run.add(kind);
    }
    measure(admin, jdbcUrl, run);
  }

  /** Runs {@code run} one task at a time and compares each one's replayed prediction. */
  static void measure(Api admin, String jdbcUrl, List<Kind> run) throws Exception {
    int count = run.size();
    for (Kind kind : run) {
      String id = admin.submit(kind.body());
      JsonObject done = admin.awaitTask(id, Duration.ofMinutes(5), t -> isTerminal(t));
      if (!done.getString("status").equals("completed")) {
        throw new IllegalStateException(kind.label() + " ended " + done);
      }
    }
    List<ProfileEstimator.Sample> rows = rows(jdbcUrl);
    List<ProfileEstimator.Sample> measured = rows.subList(rows.size() - count, rows.size());
    List<ProfileEstimator.Sample> history = new ArrayList<>(rows.subList(0, rows.size() - count));
    TreeMap<String, List<double[]>> errors = new TreeMap<>(); // label -> [cpu ratio, heap ratio]
    int defaulted = 0;
    for (int i = 0; i < count; i++) {
      ProfileEstimator.Sample m = measured.get(i);
      Kind kind = run.get(i);
      if (!m.taskType().equals(kind.type())) {
        throw new IllegalStateException("row " + i + " is " + m.taskType() + ", not " + kind);
      }
      Optional<ProfileEstimator.Estimate> predicted =
          new ProfileEstimator(history, 5).estimate(m.taskType(), m.bars());
      if (predicted.isEmpty()) {
        defaulted++;
      } else {
        double cpuRatio = predicted.get().cpuMs() / Math.max(m.cpuMs(), 0.001);
        double heapRatio =
            predicted.get().allocatedMb() / Math.max(m.allocatedBytes() / 1024.0 / 1024, 0.001);
        errors
            .computeIfAbsent(kind.label(), k -> new ArrayList<>())
            .add(new double[] {cpuRatio, heapRatio});
        errors
            .computeIfAbsent("(all)", k -> new ArrayList<>())
            .add(new double[] {cpuRatio, heapRatio});
      }
      history.add(m);
    }
    System.out.printf(
        "prediction-error: %d tasks, %d predicted from a profile, %d on the type defaults%n",
        count, count - defaulted, defaulted);
    System.out.println(
        "  predicted / measured: kind | n | CPU p10 p50 p90 | heap (allocated) p10 p50 p90 |"
            + " under-predicted CPU, heap");
    errors.forEach(
        (label, list) -> {
          double[] cpu = list.stream().mapToDouble(e -> e[0]).sorted().toArray();
          double[] heap = list.stream().mapToDouble(e -> e[1]).sorted().toArray();
          System.out.printf(
              "  %s | %d | %.2f %.2f %.2f | %.2f %.2f %.2f | %d %%, %d %%%n",
              label,
              list.size(),
              quantile(cpu, 0.1),
              quantile(cpu, 0.5),
              quantile(cpu, 0.9),
              quantile(heap, 0.1),
              quantile(heap, 0.5),
              quantile(heap, 0.9),
              Math.round(100.0 * countBelow(cpu, 1) / cpu.length),
              Math.round(100.0 * countBelow(heap, 1) / heap.length));
        });
  }

  static boolean isTerminal(JsonObject task) {
    String s = task.getString("status");
    return !s.equals("queued") && !s.equals("running");
  }

  static double quantile(double[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }

  static long countBelow(double[] values, double bound) {
    return java.util.Arrays.stream(values).filter(v -> v < bound).count();
  }

  /** Every measurement, oldest first. */
  static List<ProfileEstimator.Sample> rows(String jdbcUrl) throws SQLException {
    List<ProfileEstimator.Sample> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select task_type, bars, cpu_ms, wall_ms, allocated_bytes from resource_profile"
                    + " order by finished_at")) {
      while (r.next()) {
        rows.add(
            new ProfileEstimator.Sample(
                r.getString(1), r.getLong(2), r.getDouble(3), r.getDouble(4), r.getLong(5)));
      }
    }
    return rows;
  }

  private ProfileAdmissionBenchmark() {}
}
