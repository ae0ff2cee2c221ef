package io.tasklane.bench;

import io.tasklane.support.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/system/queue} (and {@code /api/system/resources}) latency with a long task
 * history. Two steps, because an embedded H2 file is locked by the server that runs on it:
 *
 * <ul>
 *   <li>{@code insert <jdbc url> <user> <password> <count> <user id>}: adds finished tasks straight
 *       with SQL (H2: with the server stopped; PostgreSQL: any time);
 *   <li>{@code measure <base url> <password of user id> <user id> <requests> [warm-up requests per
 *       path, default 2000]}: the latency seen by that user and by the admin ({@code
 *       TASKLANE_ADMIN_PASSWORD} from the environment).
 * </ul>
 *
 * <p>Run: {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.tasklane.bench.QueueLatencyBenchmark -Dexec.args="measure
 * http://127.0.0.1:8181/ <password> bench 2000 2000"}
 */
public final class QueueLatencyBenchmark {
  public static void main(String[] args) throws Exception {
    if (args[0].equals("insert")) {
      insert(args[1], args[2], args.length > 3 ? args[3] : "", Integer.parseInt(args[4]), args[5]);
    } else {
      String base = args[1];
      int requests = Integer.parseInt(args[4]);
      int warmUp = args.length > 5 ? Integer.parseInt(args[5]) : 2000;
      Api user = Api.anonymous(base).as(args[3], args[2]);
      Api admin = Api.anonymous(base).as("admin", System.getenv("TASKLANE_ADMIN_PASSWORD"));
      System.out.println(
          "tasks in the database: "
              + admin.get("api/tasks?size=1").json().getInt("total")
              + "; queue as admin: "
              + admin.get("api/system/queue").body().length()
              + " bytes");
      for (String path : List.of("api/system/queue", "api/system/resources")) {
        measure(path + " as " + args[3], base, user.token(), path, requests, warmUp);
        measure(path + " as admin", base, admin.token(), path, requests, warmUp);
      }
    }
  }

  static void insert(String url, String dbUser, String password, int count, String owner)
      throws Exception {
    boolean postgres = url.startsWith("jdbc:postgresql:");
    String rows =
        postgres ? "generate_series(1, " + count + ") x" : "system_range(1, " + count + ")";
    String uuid = postgres ? "gen_random_uuid()" : "random_uuid()";
    String n = "x";
    long started = System.nanoTime();
    try (Connection c = DriverManager.getConnection(url, dbUser, password);
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "insert into task (id, task_type, lane, status, priority, user_id, parameters_json,"
              + " estimated_cpu_cores, estimated_ram_gb, description, progress, result_json,"
              + " attempts, max_attempts, timeout_seconds, queued_at, started_at, finished_at,"
              + " version) select "
              + uuid
              + ", 'backtest', 'LOCAL', 'COMPLETED', 0, '"
              + owner
              + "', '{}', 1.0, 0.5, 'done', 100, '{\"total_return\":0.1}', 1, 3, 600,"
              + " timestamp with time zone '2025-01-01 00:00:00+00' + "
              + (postgres
                  ? n + " * interval '1 second'"
                  : "cast(" + n + " as int) * interval '1' second")
              + ", timestamp with time zone '2025-01-01 00:00:01+00', timestamp with time zone"
              + " '2025-01-01 00:00:02+00', 0 from "
              + rows);
      if (postgres) {
        s.execute("analyze task");
      }
    }
    System.out.printf(
        "inserted %d finished tasks of %s in %d s%n",
        count, owner, Duration.ofNanos(System.nanoTime() - started).toSeconds());
  }

  static void measure(String what, String base, String token, String path, int requests, int warmUp)
      throws Exception {
    // HTTP/1.1, as a browser speaks to plain http (the client's default would upgrade to h2c)
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .build();
    for (int i = 0; i < warmUp; i++) { // not measured: the server's JIT compiles this path
      http.send(request, HttpResponse.BodyHandlers.ofString());
    }
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      micros.add((System.nanoTime() - t0) / 1000);
      if (response.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + response.statusCode());
      }
    }
    TaskEventsBenchmark.report(what, micros);
  }
}
