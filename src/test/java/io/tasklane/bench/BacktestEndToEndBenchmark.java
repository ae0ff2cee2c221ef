package io.tasklane.bench;

import static io.tasklane.support.Api.q;

import io.tasklane.support.Api;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * End-to-end time of a {@code backtest} task over ten years of stored daily bars (SPY, seeded at
 * startup), through the HTTP API of a running server on 127.0.0.1, one task at a time.
 *
 * <ul>
 *   <li><em>client</em>: from sending the submission to seeing {@code completed} (polled every 2
 *       ms, so it includes up to that much polling delay);
 *   <li><em>admission</em>: the server's {@code started_at - queued_at};
 *   <li><em>run</em>: the server's {@code finished_at - started_at}: loading the bars from the
 *       database, the backtest, storing the result.
 * </ul>
 *
 * <p>Run (BENCHMARKS.md): {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.tasklane.bench.BacktestEndToEndBenchmark -Dexec.args="http://127.0.0.1:8282/
 * <admin password> 50 [strategy]"}
 */
public final class BacktestEndToEndBenchmark {

  public static void main(String[] args) {
    String base = args.length > 0 ? args[0] : "http://127.0.0.1:8282/";
    String password = args.length > 1 ? args[1] : "admin-secret";
    int count = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    String strategy = args.length > 3 ? args[3] : "sma_crossover";
    String body =
        q(
            "{'task_type':'backtest','estimated_cpu_cores':0.01,'estimated_ram_gb':0.05,'parameters':{'strategy':'"
                + strategy
                + "','symbol':'SPY','start_date':'2016-01-01','end_date':'2025-12-31'}}");
    Api admin = Api.anonymous(base).as("admin", password);

    for (int i = 0; i < 20; i++) { // warm-up, not measured
      await(admin, admin.submit(body));
    }
    List<Long> client = new ArrayList<>();
    List<Long> admission = new ArrayList<>();
    List<Long> run = new ArrayList<>();
    int bars = 0;
    for (int i = 0; i < count; i++) {
      long sent = System.nanoTime();
      JsonObject done = await(admin, admin.submit(body));
      client.add((System.nanoTime() - sent) / 1_000);
      admission.add(
          AdmissionLatencyBenchmark.micros(
              done.getString("queued_at"), done.getString("started_at")));
      run.add(
          AdmissionLatencyBenchmark.micros(
              done.getString("started_at"), done.getString("finished_at")));
      bars = done.getJsonObject("result").getInt("bars");
    }
    System.out.println(strategy + " over " + bars + " daily bars, " + count + " tasks:");
    AdmissionLatencyBenchmark.report("client: submit -> completed seen", client);
    AdmissionLatencyBenchmark.report("server: queued -> started", admission);
    AdmissionLatencyBenchmark.report("server: started -> finished", run);
  }

  private static JsonObject await(Api admin, String id) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(deadline)) {
      JsonObject task = admin.task(id);
      String status = task.getString("status");
      if (status.equals("completed")) {
        return task;
      }
      if (!status.equals("queued") && !status.equals("running")) {
        throw new IllegalStateException("task ended " + status + ": " + task);
      }
      Api.pause(2);
    }
    throw new IllegalStateException("task " + id + " did not complete within 2 minutes");
  }
}
