package io.tasklane.bench;

import static io.tasklane.support.Api.q;

import io.tasklane.support.Api;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Load generator for the live event stream, against a running server on 127.0.0.1: opens many
 * concurrent SSE clients (admins, so each receives every event), runs tasks one after another and
 * measures, for every event, the time from the state change (the event's {@code timestamp}, taken
 * in the transaction that made the change) to its arrival at each client and at the last client.
 * Reads the server's resident memory and heap (after a full GC, with {@code jcmd}) idle, with all
 * clients connected, and after they all disconnected.
 *
 * <p>The server must allow that many streams to one user: start it with {@code
 * TASKLANE_EVENTS_MAX_STREAMS_PER_USER=2000} (the default is 10). Run: {@code mvn -q test-compile
 * exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.tasklane.bench.TaskEventsBenchmark
 * -Dexec.args="http://127.0.0.1:8181/ <admin password> <server pid> 2000 30 [warm-up tasks with the
 * clients connected, default 10]"}
 */
public final class TaskEventsBenchmark {
  static final String TINY =
      q(
          "{'task_type':'backtest','estimated_cpu_cores':0.01,'estimated_ram_gb':0.01,'parameters':{'symbol':'BTC_USDT','start_date':'2024-01-01','end_date':'2024-12-31'}}");

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String password = args[1];
    long pid = Long.parseLong(args[2]);
    int clients = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
    int tasks = args.length > 4 ? Integer.parseInt(args[4]) : 30;
    int warmUp = args.length > 5 ? Integer.parseInt(args[5]) : 10;
    Api admin = Api.anonymous(base).as("admin", password);

    for (int i = 0; i < 20; i++) { // warm-up, not measured
      admin.awaitStatus(admin.submit(TINY), "completed", Duration.ofSeconds(30));
    }
    Memory idle = Memory.of(pid);
    System.out.println("idle: " + idle);

    Instant opening = Instant.now();
    RawSseClients streams = new RawSseClients(base, admin.token(), clients);
    while (streams.initialStates() < clients) {
      if (Duration.between(opening, Instant.now()).toMinutes() > 5) {
        throw new IllegalStateException(
            "only "
                + streams.initialStates()
                + " clients connected: does the server allow "
                + clients
                + " streams per user (TASKLANE_EVENTS_MAX_STREAMS_PER_USER)?");
      }
      Api.pause(50);
    }
    System.out.printf(
        "%d clients connected in %d ms; server counts %d%n",
        clients, Duration.between(opening, Instant.now()).toMillis(), openConnections(admin));
    Memory connected = Memory.of(pid);
    System.out.println("connected: " + connected);
    System.out.printf(
        "per open connection: RSS %.1f KB, heap %.1f KB%n",
        (connected.rssKb - idle.rssKb) / (double) clients,
        (connected.heapUsedKb - idle.heapUsedKb) / (double) clients);

    // The fan-out to this many clients is a path of its own: warm it up too, then forget it.
    runTasks(admin, streams, clients, warmUp);
    streams.arrivals().clear();

    long cpuBefore = cpuMillis(pid);
    Instant measuring = Instant.now();
    runTasks(admin, streams, clients, tasks);
    long cpu = cpuMillis(pid) - cpuBefore;
    long wall = Duration.between(measuring, Instant.now()).toMillis();
    List<Long> toLast = new ArrayList<>();
    List<Long> each = new ArrayList<>();
    int incomplete = 0;
    for (RawSseClients.Arrivals event : streams.arrivals().values()) {
      List<Instant> at;
      synchronized (event.at) {
        at = new ArrayList<>(event.at);
      }
      if (at.size() < clients) {
        incomplete++;
        continue;
      }
      Instant last = at.get(0);
      for (Instant i : at) {
        each.add(Duration.between(event.changedAt, i).toNanos() / 1000);
        last = i.isAfter(last) ? i : last;
      }
      toLast.add(Duration.between(event.changedAt, last).toNanos() / 1000);
    }
    System.out.println("events that did not reach every client: " + incomplete);
    report("state change -> event at the last of " + clients + " clients", toLast);
    report("state change -> event at one client (every delivery)", each);
    System.out.printf(
        "server CPU while measuring: %d ms in %d ms wall for %d tasks, %d events: %.1f ms of CPU"
            + " per event delivered to %d clients%n",
        cpu, wall, tasks, toLast.size(), cpu / (double) Math.max(1, toLast.size()), clients);

    streams.close();
    Instant deadline = Instant.now().plusSeconds(60);
    int open;
    while ((open = openConnections(admin)) > 0 && Instant.now().isBefore(deadline)) {
      Api.pause(200);
    }
    System.out.println("open connections after disconnect: " + open);
    Api.pause(2000);
    System.out.println("after disconnect: " + Memory.of(pid));
    System.exit(0);
  }

  /**
   * Runs tasks one after another, each once every client has every event of the one before. The end
   * of a task is learnt from the streams themselves: polling the API would load the server being
   * measured.
   */
  static void runTasks(Api admin, RawSseClients streams, int clients, int tasks) {
    for (int t = 0; t < tasks; t++) {
      long completedBefore = completedEverywhere(streams, clients);
      admin.submit(TINY);
      Instant deadline = Instant.now().plusSeconds(60);
      while (completedEverywhere(streams, clients) <= completedBefore
          || !allArrived(streams, clients)) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("a task's events did not reach every client in 60 s");
        }
        Api.pause(5);
      }
    }
  }

  /** How many {@code task_completed} events have reached every client. */
  static long completedEverywhere(RawSseClients streams, int clients) {
    return streams.arrivals().values().stream()
        .filter(a -> "task_completed".equals(a.type) && a.at.size() >= clients)
        .count();
  }

  /** User plus system CPU time of a process, from /proc (clock ticks of 10 ms). */
  static long cpuMillis(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
  }

  static boolean allArrived(RawSseClients streams, int clients) {
    return streams.arrivals().values().stream().allMatch(a -> a.at.size() >= clients);
  }

  static int openConnections(Api admin) {
    return admin.get("api/system/task-events/stats").json().getInt("open_connections");
  }

  static void report(String what, List<Long> micros) {
    List<Long> sorted = micros.stream().sorted().toList();
    System.out.printf(
        "%s: n=%d p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        what,
        sorted.size(),
        percentile(sorted, 50) / 1000.0,
        percentile(sorted, 90) / 1000.0,
        percentile(sorted, 99) / 1000.0,
        sorted.get(sorted.size() - 1) / 1000.0);
  }

  static long percentile(List<Long> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  /** The server's resident set and its heap in use right after a full GC. */
  record Memory(long rssKb, long heapUsedKb) {
    static Memory of(long pid) throws IOException, InterruptedException {
      jcmd(pid, "GC.run");
      Api.pause(1000);
      String heap = jcmd(pid, "GC.heap_info");
      var used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(heap);
      long heapKb = used.find() ? Long.parseLong(used.group(1)) : -1;
      long rss = -1;
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
      return new Memory(rss, heapKb);
    }

    @Override
    public String toString() {
      return String.format(
          "RSS %.1f MB, heap used after GC %.1f MB", rssKb / 1024.0, heapUsedKb / 1024.0);
    }
  }

  static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }
}
