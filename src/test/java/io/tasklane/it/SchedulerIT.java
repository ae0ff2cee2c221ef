package io.tasklane.it;

import static io.tasklane.support.Clients.json;
import static io.tasklane.support.Clients.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.client.SystemApi;
import io.tasklane.client.TaskView;
import io.tasklane.client.TasklaneClient;
import io.tasklane.client.TasklaneJson;
import io.tasklane.client.TasksApi;
import io.tasklane.support.Api;
import io.tasklane.support.Clients;
import io.tasklane.support.Deployments;
import io.tasklane.support.ListeningSockets;
import io.tasklane.support.PayaraProcess;
import io.tasklane.support.TestDatabase;
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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The resource-aware scheduler on a real server with the production rule (20 % buffer, 80 %
 * consumption factor) and no other cap: bursts stay within what the rule allows, waiting tasks say
 * why, priorities hold, and a big task is not starved by a stream of small ones. Estimates are
 * shares of the cores the server reports, so the same tests hold on 1, 2 or 52 cores; what a task
 * is expected to use (so whether it is short) comes from its type's defaults, never from a profile
 * learned as the tests run; each test waits for its own tasks, so none depends on another having
 * run first. The API is called through Tasklane's Java client; raw HTTP only for the exact problems
 * of refused submissions, the key a user's answer leaves out, and the bearer checks of /metrics and
 * /openapi, which are no part of the client.
 */
class SchedulerIT {
  static final String ADMIN_PASSWORD = "scheduler-admin-secret";
  static final int STARVATION_SECONDS = 5;

  static TestDatabase db;
  static PayaraProcess server;
  static Clients clients;
  static TasklaneClient admin;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.create("scheduler");
    Map<String, String> environment = new HashMap<>(db.environment());
    environment.put("TASKLANE_ADMIN_PASSWORD", ADMIN_PASSWORD);
    environment.put("TASKLANE_SCHEDULER_STARVATION_SECONDS", String.valueOf(STARVATION_SECONDS));
    // Failsafe gives its servers a cap of one local task; under it the rule's own reasons showed
    // only when a task's CPU outlived it, so the burst test failed whenever it did not.
    environment.put("TASKLANE_SCHEDULER_LOCAL_CONCURRENCY", null);
    // The burst's backtests are short once their profile learns they take under 200 ms of CPU, and
    // short tasks pass on the allowance, beyond the bound the cores alone set; by their type's
    // defaults (about a second of CPU) they are never short.
    environment.put("TASKLANE_PROFILES_MIN_SAMPLES", "1000000");
    server =
        PayaraProcess.start("scheduler-" + System.getProperty("it.database", "h2"), environment);
    clients = new Clients(server.baseUrl(), ADMIN_PASSWORD);
    admin = clients.admin();
  }

  @AfterAll
  static void stop() throws Exception {
    if (clients != null) {
      clients.close();
    }
    if (server != null) {
      server.close();
    }
    if (db != null) {
      db.close();
    }
  }

  /** About a million one-minute bars: a fraction of a second of one core. */
  static TasksApi.SubmitTask backtest(int priority, double cores) {
    return new TasksApi.SubmitTask(
        "backtest",
        json(
            "{'data':'synthetic','symbol':'BTC_USDT','start_date':'2022-01-01','end_date':'2023-12-31','timeframe':'1m'}"),
        priority,
        null,
        null,
        cores,
        null,
        null);
  }

  static UUID submit(TasksApi.SubmitTask task) {
    return admin.tasks().submit(task).taskId();
  }

  static TaskView task(UUID id) {
    return admin.tasks().get(id);
  }

  static TaskView awaitStatus(UUID id, String status, Duration timeout) {
    return Clients.awaitStatus(admin, id, status, timeout);
  }

  /** The admin over raw HTTP with the client's current token, for the exact problems. */
  static Api raw() {
    return new Api(server.baseUrl(), admin.tokens().get());
  }

  /**
   * Submits {@code task} as the client would send it, over raw HTTP: the refusal's status, content
   * type and problem are what the test reads.
   */
  static Api.Reply submitRaw(TasksApi.SubmitTask task) {
    return raw().post("api/tasks", TasklaneJson.jsonb().toJson(task));
  }

  /** How many tasks the admin sees in all. */
  static long totalTasks() {
    return admin.tasks().list(null, null, null, null, null, null, null, null, null, 0, 1).total();
  }

  /** The machine's figures, as the server reports them to an admin. */
  static SystemApi.Figures figures() {
    return admin.system().resources().resources();
  }

  /** The cores of the machine, as the server reports them. */
  static int totalCores() {
    return figures().cpu().totalCores();
  }

  /** The most backtests the rule lets run at once on this machine when nothing else runs. */
  static int ruleBound(double cores) {
    SystemApi.Figures figures = figures();
    int total = figures.cpu().totalCores();
    double buffer = figures.bufferPercent();
    double factor = figures.consumptionFactor();
    return (int) Math.floor((total * (1 - buffer / 100)) / (cores * factor) + 1e-9);
  }

  @Test
  void a_requirement_that_could_never_fit_this_machine_is_refused_at_submission() {
    long before = totalTasks();
    Api.Reply refused = submitRaw(backtest(0, 2.0 * totalCores()));
    TaskApiIT.assertProblem(400, refused, "This task could never start here");
    TaskApiIT.assertProblem(400, refused, "Lower estimated_cpu_cores or estimated_ram_gb");
    assertEquals(before, totalTasks());
  }

  /** The profile rows of one-year daily backtests (size bucket 5); only this test runs them. */
  static List<SystemApi.Bucket> dailyBacktestProfiles() {
    return admin.system().profiles().profiles().stream()
        .filter(p -> p.taskType().equals("backtest") && p.sizeBucket() == 5)
        .toList();
  }

  @Test
  void completed_backtests_are_learned_as_a_profile_only_an_admin_sees_and_may_reset() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(
          submit(
              TasksApi.SubmitTask.of(
                  "backtest",
                  json(
                      "{'data':'synthetic','symbol':'BTC_USDT','start_date':'2023-01-01','end_date':'2023-12-31'}"))));
    }
    for (UUID id : ids) {
      awaitStatus(id, "completed", Duration.ofMinutes(2));
    }

    Api.eventually("the three backtests are in the profiles")
        .until(
            () -> dailyBacktestProfiles().stream().mapToInt(SystemApi.Bucket::samples).sum() >= 3);
    SystemApi.Bucket profile = dailyBacktestProfiles().get(0);
    assertTrue(profile.cpuMsP90() > 0, profile::toString);
    assertTrue(profile.wallMsP90() > 0, profile::toString);
    assertEquals(365, profile.maxBars(), profile::toString);

    TasklaneClient user = clients.newUser(Deployments.unique("profiles-viewer"));
    assertEquals(403, refusal(() -> user.system().profiles()));
    assertEquals(403, refusal(() -> user.system().clearProfiles()));

    SystemApi.Cleared cleared = admin.system().clearProfiles();
    assertTrue(cleared.deleted() >= 3, cleared::toString);
    assertEquals(List.of(), dailyBacktestProfiles());
  }

  @Test
  void only_an_admin_sees_the_machines_figures() {
    SystemApi.ResourcesView adminView = admin.system().resources();
    assertTrue(adminView.isAdmin());
    SystemApi.Cpu cpu = adminView.resources().cpu();
    assertTrue(cpu.totalCores() >= 1);
    assertTrue(cpu.minThresholdCores() > 0);
    assertEquals(20.0, adminView.resources().bufferPercent());
    assertTrue(adminView.resources().monitor().samples() > 0);

    TasklaneClient viewer = clients.newUser(Deployments.unique("viewer"));
    SystemApi.ResourcesView userView = viewer.system().resources();
    assertFalse(userView.isAdmin());
    assertNull(userView.resources(), userView::toString);
    assertEquals(0, userView.queue().queuedCount());
    // Left out, not sent as null: the client reads both as null, so the wire shows which.
    Api.Reply wire = new Api(server.baseUrl(), viewer.tokens().get()).get("api/system/resources");
    assertEquals(200, wire.status(), wire::body);
    assertFalse(wire.json().containsKey("resources"), wire::body);
  }

  static TasksApi.SubmitTask backtestNeeding(double cores, double ramGb) {
    return new TasksApi.SubmitTask(
        "backtest",
        json(
            "{'data':'synthetic','symbol':'BTC_USDT','start_date':'2023-01-01','end_date':'2023-12-31','timeframe':'1h'}"),
        null,
        null,
        null,
        cores,
        ramGb,
        null);
  }

  static SystemApi.Heap heapFigures() {
    return figures().heap();
  }

  @Test
  void an_admin_sees_the_jvm_heap_local_tasks_run_in() {
    SystemApi.Heap heap = heapFigures();
    double max = heap.maxGb();
    double used = heap.usedGb();
    double live = heap.liveAfterGcGb();
    double configured = configuredMaxHeapGb();
    assertTrue(max > configured * 0.75 && max <= configured + 0.01, heap::toString);
    assertTrue(live > 0 && live <= used && used <= max, heap::toString);
    assertEquals(max - live, heap.availableGb(), 0.011);
    assertEquals(10.0, heap.bufferPercent(), heap::toString);
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
    double max = heapFigures().maxGb();
    long before = totalTasks();

    Api.Reply refused = submitRaw(backtestNeeding(1.0, max));

    TaskApiIT.assertProblem(400, refused, "this server's max heap is ");
    TaskApiIT.assertProblem(400, refused, "Lower estimated_ram_gb");
    assertEquals(before, totalTasks());
  }

  @Test
  void a_zero_estimate_is_stored_as_the_floor_and_the_task_runs() {
    UUID id = submit(backtestNeeding(0, 0));

    TaskView task = awaitStatus(id, "completed", Duration.ofMinutes(2));
    assertEquals(0.05, task.estimatedCpuCores(), 1e-9);
    assertEquals(0.05, task.estimatedRamGb(), 1e-9);
  }

  /**
   * Four backtests of twenty million one-minute bars, each claiming to need no RAM at all: taken at
   * their word, all four would start at once and need about five gigabytes of a three-gigabyte
   * heap. Their bars say what they need, so they run a few at a time and none runs out of heap.
   */
  @Test
  void zero_estimate_backtests_of_twenty_million_bars_share_the_heap_and_none_runs_out_of_it() {
    TasksApi.SubmitTask huge =
        new TasksApi.SubmitTask(
            "backtest",
            json(
                "{'data':'synthetic','symbol':'DOGE_USDT','start_date':'1990-01-01','end_date':'2027-12-31','timeframe':'1m'}"),
            null,
            null,
            null,
            0.0,
            0.0,
            null);
    double max = heapFigures().maxGb();
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(submit(huge));
    }

    double highWater = 0;
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (Instant.now().isBefore(deadline)
        && ids.stream()
            .map(id -> task(id).status())
            .anyMatch(s -> s.equals("queued") || s.equals("running"))) {
      highWater = Math.max(highWater, heapFigures().usedGb());
      Api.letPass(Duration.ofMillis(250));
    }

    for (UUID id : ids) {
      TaskView task = task(id);
      assertEquals("completed", task.status(), task::toString);
      assertEquals(1, task.attempts(), task::toString);
      assertTrue(
          task.estimatedRamGb() > 1.0,
          () -> "twenty million bars count for more than a gigabyte, whatever the hint: " + task);
    }
    assertTrue(highWater < max, "heap high-water " + highWater + " of " + max + " GB");
    System.out.printf("20M-bar backtests: heap high-water %.2f of %.2f GB%n", highWater, max);
  }

  @Test
  void the_server_admits_by_the_rule_alone_with_no_cap_on_local_tasks() throws Exception {
    String started =
        server
            .log()
            .lines()
            .filter(line -> line.contains("Scheduler started as"))
            .findFirst()
            .orElseThrow();
    assertFalse(started.contains("local tasks"), started);
  }

  @Test
  void a_burst_of_40_never_runs_more_than_the_rule_allows_and_waiting_tasks_say_why() {
    double half = totalCores() / 2.0; // two fit the idle machine at once, however big it is
    int bound = ruleBound(half);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(submit(backtest(0, half)));
    }
    AtomicInteger mostRunning = new AtomicInteger();
    Set<String> reasons = new TreeSet<>();
    Api.eventually("the burst of 40 drained within the rule's bound of " + bound)
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              SystemApi.QueueView queue = admin.system().queue();
              int running = (int) queue.runningCount();
              mostRunning.accumulateAndGet(running, Math::max);
              assertTrue(running <= bound, "running " + running + " > rule bound " + bound);
              queue.queuedTasks().stream()
                  .filter(t -> t.blockedReason() != null)
                  .forEach(t -> reasons.add(t.blockedReason().replaceAll("[0-9.-]+", "#")));
              return queue.queuedCount() == 0 && running == 0;
            });
    for (UUID id : ids) {
      assertEquals("completed", task(id).status());
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
    List<UUID> low = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      low.add(submit(backtest(0, half)));
    }
    UUID urgent = submit(backtest(50, half));
    List<UUID> stillQueued = low.stream().filter(id -> task(id).status().equals("queued")).toList();
    assertTrue(stillQueued.size() >= 4, "the burst still queues when the urgent task arrives");

    TaskView first = awaitStatus(urgent, "completed", Duration.ofMinutes(2));
    for (UUID id : stillQueued) {
      TaskView other = awaitStatus(id, "completed", Duration.ofMinutes(2));
      assertTrue(
          first.startedAt().isBefore(other.startedAt()),
          "urgent started " + first.startedAt() + ", queued-before-it " + other.startedAt());
    }
    for (UUID id : low) {
      awaitStatus(id, "completed", Duration.ofMinutes(2));
    }
  }

  @Test
  void a_big_task_that_fits_is_not_starved_by_a_stream_of_small_ones() {
    // Small tasks fit beside each other; the big one needs most of the idle machine.
    int cores = totalCores();
    List<UUID> small = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      small.add(submit(backtest(0, cores / 8.0)));
    }
    UUID big = submit(backtest(0, cores * 0.75));
    Instant bigSubmitted = Instant.now();
    // One more small task every 150 ms: the stream that could starve the big one.
    Api.eventually("the big task left the queue while small ones kept arriving")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(150))
        .until(
            () -> {
              small.add(submit(backtest(0, cores / 8.0)));
              return !task(big).status().equals("queued");
            });
    TaskView done = awaitStatus(big, "completed", Duration.ofMinutes(2));
    long waited = Duration.between(bigSubmitted, done.startedAt()).toSeconds();
    assertTrue(waited < 60, "started after " + waited + " s");
    for (UUID id : small) {
      awaitStatus(id, "completed", Duration.ofMinutes(3));
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
    return figures().cpu().availableCores();
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
    SystemApi.Figures figures = figures();
    int total = figures.cpu().totalCores();
    double buffer = total * figures.bufferPercent() / 100;
    double factor = figures.consumptionFactor();
    double serverMargin = 0.3;
    double allowed = Math.max(0, total - 1 - buffer) / factor + buffer + serverMargin;
    TasksApi.SubmitTask smallBacktest =
        TasksApi.SubmitTask.of(
            "backtest",
            json(
                "{'data':'synthetic','symbol':'ADA_USDT','start_date':'2023-01-01','end_date':'2023-12-31','timeframe':'1d'}"));
    TasksApi.SubmitTask training =
        TasksApi.SubmitTask.of(
            "model_training",
            json(
                "{'data':'synthetic','symbol':'HOG_USDT','start_date':'2020-01-01','end_date':'2023-12-31','timeframe':'1d'}"));
    List<UUID> ids = new ArrayList<>();
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
          .until(() -> figures().cpu().usagePercent() >= 100.0 * 0.8 / total);
      // (time, server CPU) every quarter second; a window spans at least a second of them. The
      // first is taken before the submissions, and sampling goes on for a second at least, so a
      // burst that ends while it is still being submitted is measured all the same.
      List<Instant> at = new ArrayList<>(List.of(Instant.now()));
      List<Duration> cpu = new ArrayList<>(List.of(serverCpu()));
      Instant submitted = Instant.now();
      ids.add(submit(training));
      for (int i = 0; i < 50; i++) {
        ids.add(submit(smallBacktest));
      }
      Set<String> reasons = new TreeSet<>();
      try {
        Api.eventually("50 backtests and a training beside the hog ended")
            .atMost(Duration.ofSeconds(60).minus(Duration.between(submitted, Instant.now())))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () -> {
                  at.add(Instant.now());
                  cpu.add(serverCpu());
                  SystemApi.QueueView queue = admin.system().queue();
                  queue.queuedTasks().stream()
                      .filter(t -> t.blockedReason() != null)
                      .forEach(
                          t ->
                              reasons.add(
                                  t.taskType()
                                      + ": "
                                      + t.blockedReason().replaceAll("[0-9.-]+", "#")));
                  return queue.queuedCount() == 0
                      && queue.runningCount() == 0
                      && Duration.between(at.get(0), at.get(at.size() - 1)).toMillis() >= 1000;
                });
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "Not all ended within a minute; waits seen: "
                + reasons
                + "; resources now: "
                + figures(),
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
    for (UUID id : ids) {
      assertEquals("completed", task(id).status(), id::toString);
    }
    assertFalse(windows.isEmpty(), "the server's CPU was sampled over a second at least");
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

  /**
   * Raw: /metrics and /openapi are no part of the client, and what is under test is the answer to
   * each kind of bearer header.
   */
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
    String user = clients.newUser(Deployments.unique("metrics-reader")).tokens().get();
    String adminToken = admin.tokens().get();
    for (String path : new String[] {"metrics", "openapi"}) {
      assertEquals(401, get(path, null), path);
      assertEquals(401, get(path, "not-a-token"), path);
      assertEquals(403, get(path, user), path);
      // The first request builds the OpenAPI document: it once failed inside Payara (500) on a
      // Bean Validation constraint of a query parameter, which TasksResource no longer has.
      assertEquals(200, get(path, adminToken), path);
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
