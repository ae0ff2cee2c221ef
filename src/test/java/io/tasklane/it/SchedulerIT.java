package io.tasklane.it;

import static io.tasklane.support.Api.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.support.Api;
import io.tasklane.support.ListeningSockets;
import io.tasklane.support.PayaraProcess;
import io.tasklane.support.TestDatabase;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The resource-aware scheduler on a real server with the production rule (20 % buffer, 80 %
 * consumption factor) and no other cap: bursts stay within what the rule allows, waiting tasks say
 * why, priorities hold, and a big task is not starved by a stream of small ones. Estimates are
 * shares of the cores the server reports, so the same tests hold on 1, 2 or 52 cores; each test
 * waits for its own tasks, so none depends on another having run first.
 */
class SchedulerIT {
  static final String ADMIN_PASSWORD = "scheduler-admin-secret";
  static final int STARVATION_SECONDS = 5;

  static TestDatabase db;
  static PayaraProcess server;
  static Api admin;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.create("scheduler");
    Map<String, String> environment = new HashMap<>(db.environment());
    environment.put("TASKLANE_ADMIN_PASSWORD", ADMIN_PASSWORD);
    environment.put("TASKLANE_SCHEDULER_STARVATION_SECONDS", String.valueOf(STARVATION_SECONDS));
    server =
        PayaraProcess.start("scheduler-" + System.getProperty("it.database", "h2"), environment);
    admin = Api.anonymous(server.baseUrl()).as("admin", ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (db != null) {
      db.close();
    }
  }

  /** About a million one-minute bars: a fraction of a second of one core. */
  static String backtest(int priority, double cores) {
    return q(
        "{'task_type':'backtest','priority':"
            + priority
            + ",'estimated_cpu_cores':"
            + cores
            + ",'parameters':{'data':'synthetic','symbol':'BTC_USDT','start_date':'2022-01-01','end_date':'2023-12-31','timeframe':'1m'}}");
  }

  /** The cores of the machine, as the server reports them. */
  static int totalCores() {
    return admin
        .get("api/system/resources")
        .json()
        .getJsonObject("resources")
        .getJsonObject("cpu")
        .getInt("total_cores");
  }

  /** The most backtests the rule lets run at once on this machine when nothing else runs. */
  static int ruleBound(double cores) {
    JsonObject figures = admin.get("api/system/resources").json().getJsonObject("resources");
    int total = figures.getJsonObject("cpu").getInt("total_cores");
    double buffer = figures.getJsonNumber("buffer_percent").doubleValue();
    double factor = figures.getJsonNumber("consumption_factor").doubleValue();
    return (int) Math.floor((total * (1 - buffer / 100)) / (cores * factor) + 1e-9);
  }

  @Test
  void a_requirement_that_could_never_fit_this_machine_is_refused_at_submission() {
    long before = admin.get("api/tasks?size=1").json().getJsonNumber("total").longValue();
    Api.Reply refused = admin.post("api/tasks", backtest(0, 2.0 * totalCores()));
    TaskApiIT.assertProblem(400, refused, "This task could never start here");
    TaskApiIT.assertProblem(400, refused, "Lower estimated_cpu_cores or estimated_ram_gb");
    assertEquals(before, admin.get("api/tasks?size=1").json().getJsonNumber("total").longValue());
  }

  /** The profile rows of one-year daily backtests (size bucket 5); only this test runs them. */
  static List<JsonObject> dailyBacktestProfiles() {
    return admin.get("api/system/profiles").json().getJsonArray("profiles").stream()
        .map(JsonValue::asJsonObject)
        .filter(p -> p.getString("task_type").equals("backtest") && p.getInt("size_bucket") == 5)
        .toList();
  }

  @Test
  void completed_backtests_are_learned_as_a_profile_only_an_admin_sees_and_may_reset() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(
          admin.submit(
              q(
                  "{'task_type':'backtest','parameters':{'data':'synthetic','symbol':'BTC_USDT',"
                      + "'start_date':'2023-01-01','end_date':'2023-12-31'}}")));
    }
    for (String id : ids) {
      admin.awaitStatus(id, "completed", Duration.ofMinutes(2));
    }

    Api.eventually("the three backtests are in the profiles")
        .until(
            () -> dailyBacktestProfiles().stream().mapToInt(p -> p.getInt("samples")).sum() >= 3);
    JsonObject profile = dailyBacktestProfiles().get(0);
    assertTrue(profile.getJsonNumber("cpu_ms_p90").doubleValue() > 0, profile::toString);
    assertTrue(profile.getJsonNumber("wall_ms_p90").doubleValue() > 0, profile::toString);
    assertEquals(365, profile.getInt("max_bars"), profile::toString);

    Api user = admin.newUser(io.tasklane.support.Deployments.unique("profiles-viewer"));
    assertEquals(403, user.get("api/system/profiles").status());
    assertEquals(403, user.delete("api/system/profiles").status());

    Api.Reply cleared = admin.delete("api/system/profiles");
    assertEquals(200, cleared.status(), cleared::body);
    assertTrue(cleared.json().getInt("deleted") >= 3, cleared::body);
    assertEquals(List.of(), dailyBacktestProfiles());
  }

  @Test
  void only_an_admin_sees_the_machines_figures() {
    JsonObject adminView = admin.get("api/system/resources").json();
    assertTrue(adminView.getBoolean("is_admin"));
    JsonObject cpu = adminView.getJsonObject("resources").getJsonObject("cpu");
    assertTrue(cpu.getInt("total_cores") >= 1);
    assertTrue(cpu.getJsonNumber("min_threshold_cores").doubleValue() > 0);
    assertEquals(
        20.0, adminView.getJsonObject("resources").getJsonNumber("buffer_percent").doubleValue());
    assertTrue(adminView.getJsonObject("resources").getJsonObject("monitor").getInt("samples") > 0);

    String name = io.tasklane.support.Deployments.unique("viewer");
    assertEquals(
        201,
        admin
            .post(
                "api/admin/users",
                q("{'username':'" + name + "','password':'viewer-pass','roles':['user']}"))
            .status());
    JsonObject userView =
        Api.anonymous(admin.base()).as(name, "viewer-pass").get("api/system/resources").json();
    assertTrue(!userView.getBoolean("is_admin"));
    assertTrue(!userView.containsKey("resources"), userView::toString);
    assertEquals(0, userView.getJsonObject("queue").getInt("queued_count"));
  }

  static String backtestNeeding(double cores, double ramGb) {
    return q(
        "{'task_type':'backtest','estimated_cpu_cores':"
            + cores
            + ",'estimated_ram_gb':"
            + ramGb
            + ",'parameters':{'data':'synthetic','symbol':'BTC_USDT','start_date':'2023-01-01','end_date':'2023-12-31','timeframe':'1h'}}");
  }

  static JsonObject heapFigures() {
    return admin
        .get("api/system/resources")
        .json()
        .getJsonObject("resources")
        .getJsonObject("heap");
  }

  @Test
  void an_admin_sees_the_jvm_heap_local_tasks_run_in() {
    JsonObject heap = heapFigures();
    double max = heap.getJsonNumber("max_gb").doubleValue();
    double used = heap.getJsonNumber("used_gb").doubleValue();
    double live = heap.getJsonNumber("live_after_gc_gb").doubleValue();
    double configured = configuredMaxHeapGb();
    assertTrue(max > configured * 0.75 && max <= configured + 0.01, heap::toString);
    assertTrue(live > 0 && live <= used && used <= max, heap::toString);
    assertEquals(max - live, heap.getJsonNumber("available_gb").doubleValue(), 0.011);
    assertEquals(10.0, heap.getJsonNumber("buffer_percent").doubleValue(), heap::toString);
  }

  /** The {@code -Xmx} the IT servers are started with (pom property {@code it.server.jvm}). */
  static double configuredMaxHeapGb() {
    java.util.regex.Matcher xmx =
        java.util.regex.Pattern.compile("-Xmx(\\d+)([gGmM])")
            .matcher(System.getProperty("it.serverJvm", "-Xmx2g"));
    assertTrue(xmx.find(), "the IT servers' -Xmx");
    double value = Double.parseDouble(xmx.group(1));
    return xmx.group(2).equalsIgnoreCase("g") ? value : value / 1024;
  }

  @Test
  void a_heap_need_beyond_the_servers_max_heap_is_refused_at_submission_naming_it() {
    double max = heapFigures().getJsonNumber("max_gb").doubleValue();
    long before = admin.get("api/tasks?size=1").json().getJsonNumber("total").longValue();

    Api.Reply refused = admin.post("api/tasks", backtestNeeding(1.0, max));

    TaskApiIT.assertProblem(400, refused, "this server's max heap is ");
    TaskApiIT.assertProblem(400, refused, "Lower estimated_ram_gb");
    assertEquals(before, admin.get("api/tasks?size=1").json().getJsonNumber("total").longValue());
  }

  @Test
  void a_zero_estimate_is_stored_as_the_floor_and_the_task_runs() {
    String id = admin.submit(backtestNeeding(0, 0));

    JsonObject task = admin.awaitStatus(id, "completed", Duration.ofMinutes(2));
    assertEquals(0.05, task.getJsonNumber("estimated_cpu_cores").doubleValue(), 1e-9);
    assertEquals(0.05, task.getJsonNumber("estimated_ram_gb").doubleValue(), 1e-9);
  }

  /**
   * Four backtests of twenty million one-minute bars, each claiming to need no RAM at all: taken at
   * their word, all four would start at once and need about five gigabytes of a three-gigabyte
   * heap. Their bars say what they need, so they run a few at a time and none runs out of heap.
   */
  @Test
  void zero_estimate_backtests_of_twenty_million_bars_share_the_heap_and_none_runs_out_of_it() {
    String huge =
        q(
            "{'task_type':'backtest','estimated_cpu_cores':0,'estimated_ram_gb':0,'parameters':{'data':'synthetic','symbol':'DOGE_USDT','start_date':'1990-01-01','end_date':'2027-12-31','timeframe':'1m'}}");
    double max = heapFigures().getJsonNumber("max_gb").doubleValue();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(admin.submit(huge));
    }

    double highWater = 0;
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (Instant.now().isBefore(deadline)
        && ids.stream()
            .map(id -> admin.get("api/tasks/" + id).json().getString("status"))
            .anyMatch(s -> s.equals("queued") || s.equals("running"))) {
      highWater = Math.max(highWater, heapFigures().getJsonNumber("used_gb").doubleValue());
      Api.letPass(Duration.ofMillis(250));
    }

    for (String id : ids) {
      JsonObject task = admin.get("api/tasks/" + id).json();
      assertEquals("completed", task.getString("status"), task::toString);
      assertEquals(1, task.getInt("attempts"), task::toString);
      assertTrue(
          task.getJsonNumber("estimated_ram_gb").doubleValue() > 1.0,
          () -> "twenty million bars count for more than a gigabyte, whatever the hint: " + task);
    }
    assertTrue(highWater < max, "heap high-water " + highWater + " of " + max + " GB");
    System.out.printf("20M-bar backtests: heap high-water %.2f of %.2f GB%n", highWater, max);
  }

  @Test
  void a_burst_of_40_never_runs_more_than_the_rule_allows_and_waiting_tasks_say_why() {
    double half = totalCores() / 2.0; // two fit the idle machine at once, however big it is
    int bound = ruleBound(half);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(admin.submit(backtest(0, half)));
    }
    AtomicInteger mostRunning = new AtomicInteger();
    Set<String> reasons = new TreeSet<>();
    Api.eventually("the burst of 40 drained within the rule's bound of " + bound)
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              JsonObject queue = admin.get("api/system/queue").json();
              int running = queue.getInt("running_count");
              mostRunning.accumulateAndGet(running, Math::max);
              assertTrue(running <= bound, "running " + running + " > rule bound " + bound);
              queue.getJsonArray("queued_tasks").stream()
                  .map(JsonValue::asJsonObject)
                  .filter(t -> t.get("blocked_reason") instanceof jakarta.json.JsonString)
                  .forEach(
                      t -> reasons.add(t.getString("blocked_reason").replaceAll("[0-9.-]+", "#")));
              return queue.getInt("queued_count") == 0 && running == 0;
            });
    for (String id : ids) {
      assertEquals("completed", admin.task(id).getString("status"));
    }
    assertTrue(mostRunning.get() >= 1);
    assertTrue(
        reasons.stream()
            .anyMatch(r -> r.startsWith("Insufficient CPU: need # cores, available # cores")),
        () -> "reasons seen: " + reasons);
    assertTrue(
        reasons.stream().anyMatch(r -> r.startsWith("Waiting for # tasks ahead")),
        () -> "reasons seen: " + reasons);
  }

  @Test
  void a_higher_priority_task_starts_before_the_earlier_queued_ones() {
    double half = totalCores() / 2.0; // two at a time, so the burst queues on any machine
    List<String> low = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      low.add(admin.submit(backtest(0, half)));
    }
    String urgent = admin.submit(backtest(50, half));
    List<String> stillQueued =
        low.stream().filter(id -> admin.task(id).getString("status").equals("queued")).toList();
    assertTrue(stillQueued.size() >= 4, "the burst still queues when the urgent task arrives");

    JsonObject first = admin.awaitStatus(urgent, "completed", Duration.ofMinutes(2));
    for (String id : stillQueued) {
      JsonObject other = admin.awaitStatus(id, "completed", Duration.ofMinutes(2));
      assertTrue(
          first.getString("started_at").compareTo(other.getString("started_at")) < 0,
          "urgent started "
              + first.getString("started_at")
              + ", queued-before-it "
              + other.getString("started_at"));
    }
    for (String id : low) {
      admin.awaitStatus(id, "completed", Duration.ofMinutes(2));
    }
  }

  @Test
  void a_big_task_that_fits_is_not_starved_by_a_stream_of_small_ones() {
    // Small tasks fit beside each other; the big one needs most of the idle machine.
    int cores = totalCores();
    List<String> small = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      small.add(admin.submit(backtest(0, cores / 8.0)));
    }
    String big = admin.submit(backtest(0, cores * 0.75));
    Instant bigSubmitted = Instant.now();
    // One more small task every 150 ms: the stream that could starve the big one.
    Api.eventually("the big task left the queue while small ones kept arriving")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(150))
        .until(
            () -> {
              small.add(admin.submit(backtest(0, cores / 8.0)));
              return !admin.task(big).getString("status").equals("queued");
            });
    JsonObject done = admin.awaitStatus(big, "completed", Duration.ofMinutes(2));
    long waited =
        Duration.between(bigSubmitted, Instant.parse(done.getString("started_at"))).toSeconds();
    assertTrue(waited < 60, "started after " + waited + " s");
    for (String id : small) {
      admin.awaitStatus(id, "completed", Duration.ofMinutes(3));
    }
  }

  /** A thread of the test's own JVM that keeps one core busy until it is stopped. */
  static final class CoreHog implements AutoCloseable {
    private volatile boolean running = true;
    private final Thread thread =
        new Thread(
            () -> {
              while (running) {
                // busy: each pass reads the volatile flag, so the loop stays
              }
            },
            "core-hog");

    CoreHog() {
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(5_000);
    }
  }

  static double availableCores() {
    return admin
        .get("api/system/resources")
        .json()
        .getJsonObject("resources")
        .getJsonObject("cpu")
        .getJsonNumber("available_cores")
        .doubleValue();
  }

  /** The server process's CPU time in all, as the operating system counts it. */
  static Duration serverCpu() {
    return ProcessHandle.of(server.pid())
        .flatMap(p -> p.info().totalCpuDuration())
        .orElseThrow(() -> new AssertionError("the server's CPU time cannot be read here"));
  }

  /**
   * Issue 20: on a machine half busy with other work, tiny backtests do not wait for a whole core
   * and a training task with its default estimate starts on the cores the rule leaves beside the
   * hog (on 2 cores: (2 - 1 - 0.4 buffer) / 0.8 ≈ 0.7 of its 1.25), so all end within a minute.
   * Over every window of a second the server (its tasks, and the server itself) used no more CPU
   * than the rule lets Tasklane's tasks take beside a one-core hog: the cores left above the buffer
   * (counted at the consumption factor), plus the short-task allowance, plus a margin for the
   * server's own work (HTTP, database, JIT).
   */
  @Test
  void beside_a_one_core_hog_fifty_backtests_and_a_training_end_within_a_minute() throws Exception {
    JsonObject figures = admin.get("api/system/resources").json().getJsonObject("resources");
    int total = figures.getJsonObject("cpu").getInt("total_cores");
    double buffer = total * figures.getJsonNumber("buffer_percent").doubleValue() / 100;
    double factor = figures.getJsonNumber("consumption_factor").doubleValue();
    double serverMargin = 0.3;
    double allowed = Math.max(0, total - 1 - buffer) / factor + buffer + serverMargin;
    String smallBacktest =
        q(
            "{'task_type':'backtest','parameters':{'data':'synthetic','symbol':'ADA_USDT','start_date':'2023-01-01','end_date':'2023-12-31','timeframe':'1d'}}");
    String training =
        q(
            "{'task_type':'model_training','parameters':{'data':'synthetic','symbol':'HOG_USDT','start_date':'2020-01-01','end_date':'2023-12-31','timeframe':'1d'}}");
    List<String> ids = new ArrayList<>();
    List<Double> windows = new ArrayList<>();
    // The claim is about a machine the hog makes half busy. Beside the hog, the training's least
    // grant (a quarter core, counted at the factor) must still leave the buffer free, so the
    // machine must have that much more than the hog's core free first (1.7 of 2 cores). On a
    // shared machine whose other load takes more (other builds beside this one), the rule rightly
    // starts no training; the test then waits for the quiet it assumes, and is skipped, saying
    // so, if that does not come.
    double quiet = 1 + buffer + 0.25 * factor + 0.1;
    try {
      Api.eventually(quiet + " cores free before the hog")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> availableCores() >= quiet);
    } catch (org.awaitility.core.ConditionTimeoutException busy) {
      Assumptions.abort(
          "fewer than "
              + quiet
              + " of "
              + total
              + " cores stayed free for 90 s ("
              + availableCores()
              + " now): other load leaves no half-busy case to set up");
    }
    try (CoreHog hog = new CoreHog()) {
      Api.eventually("the server measures the hog")
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  admin
                          .get("api/system/resources")
                          .json()
                          .getJsonObject("resources")
                          .getJsonObject("cpu")
                          .getJsonNumber("usage_percent")
                          .doubleValue()
                      >= 100.0 * 0.8 / total);
      Instant submitted = Instant.now();
      String trainingId = admin.submit(training);
      ids.add(trainingId);
      for (int i = 0; i < 50; i++) {
        ids.add(admin.submit(smallBacktest));
      }
      // (time, server CPU) every quarter second; a window spans at least a second of them
      List<Instant> at = new ArrayList<>(List.of(Instant.now()));
      List<Duration> cpu = new ArrayList<>(List.of(serverCpu()));
      Set<String> reasons = new TreeSet<>();
      try {
        Api.eventually("50 backtests and a training beside the hog ended")
            .atMost(Duration.ofSeconds(60).minus(Duration.between(submitted, Instant.now())))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () -> {
                  at.add(Instant.now());
                  cpu.add(serverCpu());
                  JsonObject queue = admin.get("api/system/queue").json();
                  queue.getJsonArray("queued_tasks").stream()
                      .map(JsonValue::asJsonObject)
                      .filter(t -> t.get("blocked_reason") instanceof jakarta.json.JsonString)
                      .forEach(
                          t ->
                              reasons.add(
                                  t.getString("task_type", "?")
                                      + ": "
                                      + t.getString("blocked_reason").replaceAll("[0-9.-]+", "#")));
                  return queue.getInt("queued_count") == 0 && queue.getInt("running_count") == 0;
                });
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "Not all ended within a minute; waits seen: "
                + reasons
                + "; resources now: "
                + admin.get("api/system/resources").json().getJsonObject("resources"),
            e);
      }
      for (int end = 1, start = 0; end < at.size(); end++) {
        while (Duration.between(at.get(start + 1), at.get(end)).toMillis() >= 1000) {
          start++;
        }
        double seconds = Duration.between(at.get(start), at.get(end)).toNanos() / 1e9;
        if (seconds >= 1) {
          windows.add(cpu.get(end).minus(cpu.get(start)).toNanos() / 1e9 / seconds);
        }
      }
    }
    for (String id : ids) {
      assertEquals("completed", admin.task(id).getString("status"), id);
    }
    double most = windows.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    System.out.printf(
        "Beside a one-core hog: %d one-second windows, server CPU at most %.2f cores (allowed"
            + " %.2f on %d cores)%n",
        windows.size(), most, allowed, total);
    assertTrue(
        most <= allowed,
        "the server used " + most + " cores in a window; the rule allows " + allowed);
  }

  // ---- hardening, on this server because it runs at the root context like production ----

  static int get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient()
        .send(request.build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void metrics_and_openapi_need_an_admin_token() throws Exception {
    String name = "metrics-reader-" + System.nanoTime();
    admin.post(
        "api/admin/users",
        q("{'username':'" + name + "','password':'secret-pass','roles':['user']}"));
    String user = Api.anonymous(server.baseUrl()).as(name, "secret-pass").token();
    for (String path : new String[] {"metrics", "openapi"}) {
      assertEquals(401, get(path, null), path);
      assertEquals(401, get(path, "not-a-token"), path);
      assertEquals(403, get(path, user), path);
      // The first request builds the OpenAPI document: it once failed inside Payara (500) on a
      // Bean Validation constraint of a query parameter, which TasksResource no longer has.
      assertEquals(200, get(path, admin.token()), path);
    }
  }

  @Test
  void the_server_listens_on_loopback_only_and_runs_no_data_grid() throws Exception {
    List<ListeningSockets.Socket> sockets = ListeningSockets.of(server.pid());

    assertTrue(
        sockets.stream().anyMatch(s -> s.port() == server.port()),
        () -> "HTTP missing: " + sockets);
    for (ListeningSockets.Socket socket : sockets) {
      assertTrue(socket.address().isLoopbackAddress(), () -> "beyond loopback: " + socket);
      // Hazelcast takes 6900 or the next free port.
      assertFalse(socket.port() >= 6900 && socket.port() <= 6910, () -> "data grid: " + socket);
    }
  }
}
