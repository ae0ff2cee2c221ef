package io.tasklane.bench;

import static io.tasklane.support.Api.q;

import io.tasklane.support.Api;
import io.tasklane.support.EventStream;
import io.tasklane.support.EventStream.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Load generator for the live event stream, against a running server on 127.0.0.1: opens many
 * concurrent SSE clients (admins, so each receives every event), runs tasks one after another and
 * measures, for every event, the time from the state change (the event's {@code timestamp}, taken
 * in the transaction that made the change) to its arrival at each client and at the last client.
 * Reads the server's resident memory and heap (after a full GC, with {@code jcmd}) idle, with all
 * clients connected, and after they all disconnected.
 *
 * <p>Run: {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.tasklane.bench.TaskEventsBenchmark -Dexec.args="http://127.0.0.1:8181/ <admin
 * password> <server pid> 2000 30"}
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
    Api admin = Api.anonymous(base).as("admin", password);
    Map<String, String> auth = Map.of("Authorization", "Bearer " + admin.token());

    for (int i = 0; i < 20; i++) { // warm-up, not measured
      admin.awaitStatus(admin.submit(TINY), "completed", Duration.ofSeconds(30));
    }
    Memory idle = Memory.of(pid);
    System.out.println("idle: " + idle);

    List<EventStream> streams = new ArrayList<>();
    ExecutorService openers = Executors.newFixedThreadPool(50);
    Instant opening = Instant.now();
    List<Future<EventStream>> futures = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      futures.add(
          openers.submit(
              () -> {
                EventStream s = EventStream.open(base, "api/system/task-events", auth);
                s.next(Duration.ofMinutes(2)); // initial_state
                return s;
              }));
    }
    for (Future<EventStream> f : futures) {
      streams.add(f.get());
    }
    openers.shutdown();
    System.out.printf(
        "%d clients connected in %d ms; server counts %d%n",
        clients, Duration.between(opening, Instant.now()).toMillis(), openConnections(admin));

    List<Long> toLast = new ArrayList<>();
    List<Long> each = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      String id = admin.submit(TINY);
      Map<Long, Instant> stamps = new HashMap<>();
      Map<Long, Instant> lastArrival = new HashMap<>();
      for (EventStream s : streams) {
        Event e;
        do {
          e = s.await(x -> x.isAbout(id), Duration.ofSeconds(60));
          Instant changed = Instant.parse(e.json().getString("timestamp"));
          stamps.put(e.id(), changed);
          each.add(Duration.between(changed, e.receivedAt()).toNanos() / 1000);
          lastArrival.merge(e.id(), e.receivedAt(), (a, b) -> a.isAfter(b) ? a : b);
        } while (!e.type().equals("task_completed"));
      }
      for (Map.Entry<Long, Instant> last : lastArrival.entrySet()) {
        toLast.add(Duration.between(stamps.get(last.getKey()), last.getValue()).toNanos() / 1000);
      }
      streams.forEach(EventStream::drain); // heartbeats
    }
    report("state change -> event at the last of " + clients + " clients", toLast);
    report("state change -> event at one client (every delivery)", each);

    Memory connected = Memory.of(pid);
    System.out.println("connected: " + connected);
    System.out.printf(
        "per open connection: RSS %.1f KB, heap %.1f KB%n",
        (connected.rssKb - idle.rssKb) / (double) clients,
        (connected.heapUsedKb - idle.heapUsedKb) / (double) clients);

    streams.forEach(EventStream::close);
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
