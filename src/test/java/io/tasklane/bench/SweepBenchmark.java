package io.tasklane.bench;

import static io.tasklane.support.Api.q;

import io.tasklane.support.Api;
import jakarta.json.JsonObject;

/**
 * A 10,000-combination {@code sma_crossover} sweep (fast 1..100 × slow 101..200) over ten years of
 * daily bars of one symbol (BTC_USDT, 3,653 bars, the deterministic synthetic market), against a
 * running server: from sending {@code POST /api/sweeps} until every result is stored (polled every
 * 50 ms by default: each poll counts and ranks the sweep's rows on the server, so 5 ms polls load
 * the server being measured and count as load to the resource rule), in combinations a second. Also
 * prints the server's own figure (sweep created → last chunk ended) and the chunks' run and
 * admission times.
 *
 * <p>Run (BENCHMARKS.md): {@code mvn -o -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.tasklane.bench.SweepBenchmark -Dexec.args="http://127.0.0.1:8391/ <admin
 * password> [rounds] [chunk cores, or "default"] [poll ms]"}
 */
public final class SweepBenchmark {
  private static long pollMillis;

  public static void main(String[] args) {
    String base = args.length > 0 ? args[0] : "http://127.0.0.1:8391/";
    String password = args.length > 1 ? args[1] : "secret";
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    String cores = args.length > 3 ? args[3] : "default";
    pollMillis = args.length > 4 ? Long.parseLong(args[4]) : 50;
    String body =
        q(
            "{'strategy':'sma_crossover','symbols':['BTC_USDT'],'timeframes':['1d'],"
                + "'start_date':'2015-01-01','end_date':'2024-12-31','data':'synthetic',"
                + (cores.equals("default") ? "" : "'estimated_cpu_cores':" + cores + ",")
                + "'grid':{'fast_period':{'from':1,'to':100,'step':1},"
                + "'slow_period':{'from':101,'to':200,'step':1}}}");
    Api admin = Api.anonymous(base).as("admin", password);
    run(admin, body, "warm-up");
    for (int i = 1; i <= rounds; i++) {
      run(admin, body, "round " + i);
    }
  }

  private static void run(Api admin, String body, String label) {
    long sent = System.nanoTime();
    Api.Reply accepted = admin.post("api/sweeps", body);
    if (accepted.status() != 202) {
      throw new IllegalStateException("submission refused: " + accepted.body());
    }
    long acceptedAt = System.nanoTime();
    String id = accepted.json().getString("sweep_id");
    int combinations = accepted.json().getInt("combinations");
    JsonObject sweep;
    while (true) {
      sweep = admin.get("api/sweeps/" + id).json();
      if (sweep.getInt("done") >= combinations || !sweep.getString("status").equals("running")) {
        break;
      }
      Api.pause(pollMillis);
    }
    double seconds = (System.nanoTime() - sent) / 1e9;
    System.out.printf(
        "%s: %d combinations, submit %.0f ms, submit -> last result stored %.2f s = %.0f"
            + " backtests/s (server: %s s, %s/s, status %s)%n",
        label,
        combinations,
        (acceptedAt - sent) / 1e6,
        seconds,
        combinations / seconds,
        sweep.get("elapsed_seconds"),
        sweep.get("throughput_per_second"),
        sweep.getString("status"));
    for (var chunk :
        admin.get("api/tasks?task_type=sweep_chunk&size=200").json().getJsonArray("items")) {
      JsonObject task = chunk.asJsonObject();
      if (task.getJsonObject("parameters").getString("sweep_id").equals(id)) {
        System.out.printf(
            "  chunk %s+%s: queued -> started %d ms, started -> finished %d ms (%s)%n",
            task.getJsonObject("parameters").get("first"),
            task.getJsonObject("parameters").get("size"),
            AdmissionLatencyBenchmark.micros(
                    task.getString("queued_at"), task.getString("started_at"))
                / 1000,
            AdmissionLatencyBenchmark.micros(
                    task.getString("started_at"), task.getString("finished_at"))
                / 1000,
            task.isNull("result") ? "" : task.getJsonObject("result"));
      }
    }
  }
}
