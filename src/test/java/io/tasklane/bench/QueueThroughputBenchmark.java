package io.tasklane.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tasklane.support.Api;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A burst of small tasks into Tasklane (over HTTP with a token, as clients submit) and into
 * db-scheduler (a library on JDBC) on the same PostgreSQL, in interleaved rounds: tasks accepted
 * per second and completed per second, and Tasklane's share of the peer's figure. The machine is
 * shared, so the ratio within a round matters more than absolute figures.
 *
 * <p>Tasklane's tasks are one-year daily backtests (well under a millisecond of engine work each);
 * db-scheduler's task only counts, so the comparison is of what each system spends around a task.
 * Each round uses a fresh Tasklane user, whose completed tasks are the round's.
 *
 * <p>Run against a server on the same database (its {@code TASKLANE_DB_URL}):
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.tasklane.bench.QueueThroughputBenchmark \
 *   -Dexec.args="http://127.0.0.1:8080/ &lt;admin password&gt; jdbc:postgresql://127.0.0.1:5432/tasklane_bench postgres 5000 3 4 [warm-up [floors]]"
 * </pre>
 *
 * <p>With {@code floors}, each round also measures what the same clients get from the server when
 * nothing is stored: an authenticated request that touches no database (the floor under a single
 * POST: HTTP, the token, JAX-RS, JSON) and batches whose last task is refused after all of them
 * were read and checked (the floor under a batch). Their ratios to db-scheduler's scheduling rate
 * bound what any way of storing could reach on this machine and stack.
 */
public final class QueueThroughputBenchmark {
  static final String TINY =
      "{\"task_type\":\"backtest\",\"parameters\":{\"symbol\":\"BTC_USDT\","
          + "\"start_date\":\"2024-01-01\",\"end_date\":\"2024-12-31\"}}";

  record Figures(String system, int tasks, double acceptSeconds, double completeSeconds) {
    double acceptedPerSecond() {
      return tasks / acceptSeconds;
    }

    double completedPerSecond() {
      return tasks / completeSeconds;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%-22s %6d tasks: accepted %8.0f/s (%.2f s), completed %8.0f/s (%.2f s)",
          system,
          tasks,
          acceptedPerSecond(),
          acceptSeconds,
          completedPerSecond(),
          completeSeconds);
    }
  }

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String adminPassword = args[1];
    String jdbcUrl = args[2];
    String dbUser = args[3];
    int tasks = Integer.parseInt(args[4]);
    int rounds = Integer.parseInt(args[5]);
    int clients = args.length > 6 ? Integer.parseInt(args[6]) : 4;
    // A server fresh from boot compiles its hot paths for tens of thousands of tasks; the default
    // warm-up is short, a long one (in batches) measures the steady state.
    int warmUp = args.length > 7 ? Integer.parseInt(args[7]) : Math.min(500, tasks);
    boolean floors = args.length > 8 && args[8].equals("floors");

    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(jdbcUrl);
    pool.setUsername(dbUser);
    pool.setMaximumPoolSize(20); // 10 scheduler threads, the clients and the poller
    HikariDataSource dataSource = new HikariDataSource(pool);
    createSchedulerTable(dataSource);
    AtomicInteger executed = new AtomicInteger();
    OneTimeTask<Void> counted =
        Tasks.oneTime("bench-count").execute((instance, context) -> executed.incrementAndGet());
    Scheduler scheduler =
        Scheduler.create(dataSource, counted)
            .threads(10)
            .pollingInterval(Duration.ofSeconds(1))
            .pollUsingLockAndFetch(0.5, 1.0)
            .enableImmediateExecution()
            .build();
    scheduler.start();
    Api admin = Api.anonymous(base).as("admin", adminPassword);
    System.out.printf(
        Locale.ROOT,
        "%d tasks per round from %d clients, %d rounds, %d cores; warm-up of %d first%n",
        tasks,
        clients,
        rounds,
        Runtime.getRuntime().availableProcessors(),
        warmUp);
    tasklane(admin, Math.min(500, tasks), clients);
    if (warmUp > 500) {
      tasklaneBatches(admin, warmUp, clients);
    }
    dbScheduler(scheduler, counted, executed, warmUp, clients, "warm-up");
    if (floors) {
      unstoredRequests(admin, tasks, clients);
      refusedBatches(admin, tasks, clients);
    }

    for (int round = 1; round <= rounds; round++) {
      // Interleaved, the order alternating, so drift in the machine's load hits both alike.
      Figures a;
      Figures batched;
      Figures b;
      if (round % 2 == 1) {
        a = tasklane(admin, tasks, clients);
        batched = tasklaneBatches(admin, tasks, clients);
        b = dbScheduler(scheduler, counted, executed, tasks, clients, "r" + round);
      } else {
        b = dbScheduler(scheduler, counted, executed, tasks, clients, "r" + round);
        batched = tasklaneBatches(admin, tasks, clients);
        a = tasklane(admin, tasks, clients);
      }
      System.out.println("round " + round);
      System.out.println("  " + a);
      System.out.println("  " + batched);
      System.out.println("  " + b);
      for (Figures ours : List.of(a, batched)) {
        System.out.printf(
            Locale.ROOT,
            "  %s / db-scheduler: accepted %.3f, completed %.3f%n",
            ours.system(),
            ours.acceptedPerSecond() / b.acceptedPerSecond(),
            ours.completedPerSecond() / b.completedPerSecond());
      }
      if (floors) {
        double requests = unstoredRequests(admin, tasks, clients);
        double refused = refusedBatches(admin, tasks, clients);
        System.out.printf(
            Locale.ROOT,
            "  floors, nothing stored: authenticated GET without the database %8.0f/s (%.3f of"
                + " db-scheduler's scheduling); refused batches of %d %8.0f tasks/s (%.3f)%n",
            requests,
            requests / b.acceptedPerSecond(),
            BATCH,
            refused,
            refused / b.acceptedPerSecond());
      }
    }
    scheduler.stop();
    dataSource.close();
  }

  static Figures tasklane(Api admin, int tasks, int clients) throws Exception {
    Api user = admin.newUser("bench-" + System.nanoTime());
    long start = System.nanoTime();
    submitInParallel(tasks, clients, i -> accept(user.post("api/tasks", TINY)));
    return drained("Tasklane (HTTP + JWT)", user, tasks, start);
  }

  static final int BATCH = 250;

  /** The same tasks through {@code POST /api/tasks/batch}, {@link #BATCH} a request. */
  static Figures tasklaneBatches(Api admin, int tasks, int clients) throws Exception {
    Api user = admin.newUser("bench-" + System.nanoTime());
    int batches = (tasks + BATCH - 1) / BATCH;
    long start = System.nanoTime();
    submitInParallel(
        batches,
        clients,
        b -> {
          int size = Math.min(BATCH, tasks - b * BATCH);
          String body = "{\"tasks\":[" + String.join(",", Collections.nCopies(size, TINY)) + "]}";
          accept(user.post("api/tasks/batch", body));
        });
    return drained("Tasklane batches of " + BATCH, user, tasks, start);
  }

  /**
   * Requests a second for {@code requests} authenticated reads that touch no database (the admin's
   * event-stream figures), from as many clients as submit single tasks.
   */
  static double unstoredRequests(Api admin, int requests, int clients) throws Exception {
    long start = System.nanoTime();
    submitInParallel(
        requests, clients, i -> expect(200, admin.get("api/system/task-events/stats")));
    return requests / secs(System.nanoTime() - start);
  }

  /**
   * Tasks a second in batches of {@link #BATCH} whose last task has its dates the wrong way round:
   * the server reads and checks all of them and answers 400, storing none.
   */
  static double refusedBatches(Api admin, int tasks, int clients) throws Exception {
    String refused =
        "{\"task_type\":\"backtest\",\"parameters\":{\"symbol\":\"BTC_USDT\","
            + "\"start_date\":\"2024-12-31\",\"end_date\":\"2024-01-01\"}}";
    String body =
        "{\"tasks\":["
            + String.join(",", Collections.nCopies(BATCH - 1, TINY))
            + ","
            + refused
            + "]}";
    int batches = tasks / BATCH;
    long start = System.nanoTime();
    submitInParallel(batches, clients, b -> expect(400, admin.post("api/tasks/batch", body)));
    return batches * BATCH / secs(System.nanoTime() - start);
  }

  static void accept(Api.Reply reply) {
    expect(202, reply);
  }

  static void expect(int status, Api.Reply reply) {
    if (reply.status() != status) {
      throw new IllegalStateException(reply.status() + " " + reply.body());
    }
  }

  static Figures drained(String name, Api user, int tasks, long start) throws Exception {
    long accepted = System.nanoTime();
    // Each poll counts the round's finished tasks on the server (a few ms of the database's CPU
    // beside 6,000 of them), which db-scheduler's in-process counter never pays: seldom while
    // most of the round is still to come, often near its end, where the poll decides the time.
    for (int ended = ended(user); ended < tasks; ended = ended(user)) {
      Thread.sleep(ended < tasks * 9 / 10 ? 200 : 20);
    }
    long completed = System.nanoTime();
    return new Figures(name, tasks, secs(accepted - start), secs(completed - start));
  }

  /** Completed or failed: a failure ends a task too (and would show in the server's log). */
  static int ended(Api user) {
    return user.get("api/tasks?status=completed&size=1").json().getInt("total")
        + user.get("api/tasks?status=failed&size=1").json().getInt("total");
  }

  static Figures dbScheduler(
      Scheduler scheduler,
      OneTimeTask<Void> task,
      AtomicInteger executed,
      int tasks,
      int clients,
      String round)
      throws Exception {
    int before = executed.get();
    long start = System.nanoTime();
    submitInParallel(
        tasks,
        clients,
        i -> {
          TaskInstance<Void> instance = task.instance(round + "-" + i);
          scheduler.schedule(instance, Instant.now());
        });
    long accepted = System.nanoTime();
    while (executed.get() - before < tasks) {
      Thread.sleep(5);
    }
    long completed = System.nanoTime();
    return new Figures(
        "db-scheduler 16.7.1", tasks, secs(accepted - start), secs(completed - start));
  }

  interface Submission {
    void submit(int index) throws Exception;
  }

  static void submitInParallel(int tasks, int clients, Submission submission) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        running.add(
            pool.submit(
                () -> {
                  for (int i = client; i < tasks; i += clients) {
                    submission.submit(i);
                  }
                  return null;
                }));
      }
      for (Future<?> future : running) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** db-scheduler's own table, as its PostgreSQL script creates it. */
  static void createSchedulerTable(DataSource dataSource) throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "create table if not exists scheduled_tasks (task_name text not null, task_instance text"
              + " not null, task_data bytea, execution_time timestamp with time zone not null,"
              + " picked boolean not null, picked_by text, last_success timestamp with time zone,"
              + " last_failure timestamp with time zone, consecutive_failures int, last_heartbeat"
              + " timestamp with time zone, version bigint not null, priority smallint, primary key"
              + " (task_name, task_instance))");
      statement.execute(
          "create index if not exists execution_time_idx on scheduled_tasks (execution_time)");
      statement.execute(
          "create index if not exists last_heartbeat_idx on scheduled_tasks (last_heartbeat)");
      statement.execute(
          "create index if not exists priority_execution_time_idx on scheduled_tasks (priority"
              + " desc, execution_time asc)");
      statement.execute("delete from scheduled_tasks where task_name = 'bench-count'");
    }
  }

  static double secs(long nanos) {
    return nanos / 1e9;
  }

  private QueueThroughputBenchmark() {}
}
