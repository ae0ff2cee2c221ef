package io.tasklane.quantconnect.sandbox;

import io.tasklane.quantconnect.QuantConnectApi;
import io.tasklane.quantconnect.QuantConnectSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * A simulated QuantConnect organization: builds, backtests with progress, a fixed number of
 * backtest nodes and the "no spare nodes" refusal when they are all taken. The figures a backtest
 * reports are derived deterministically from its project and parameters; they are simulated, not a
 * strategy's results. Its state is that of a remote system, so it lives in memory on purpose.
 */
@ApplicationScoped
public class QuantConnectSandbox implements QuantConnectApi {
  static final String NO_SPARE_NODES =
      "There are no spare nodes available in your cluster. To launch a new backtest please stop an"
          + " existing running backtest or add more compute nodes to your organization.";

  @Inject Clock clock;
  @Inject @ConfigProperties QuantConnectSettings settings;

  @Inject @ConfigProperties SandboxConfig config;

  private int defaultNodes;
  private SandboxBehaviour behaviour;
  private final Map<String, Compile> compiles = new HashMap<>();
  private final Map<String, Backtest> backtests = new LinkedHashMap<>();
  private int created;
  private int refusedNoSpareNodes;
  private int maxRunning;
  private int requests;
  private final Map<String, Integer> requestsByEndpoint = new java.util.TreeMap<>();
  private int lostCreateAnswers;
  private final List<String> deleted = new ArrayList<>();

  /** Every backtest created (up to {@link #HISTORY}), kept after deletion: when each ran. */
  private final List<Backtest> history = new ArrayList<>();

  private static final int HISTORY = 1000;

  private record Compile(long projectId, Instant created, String buildError) {}

  private static final class Backtest {
    final String id;
    final long projectId;
    final String name;
    final JsonObject parameters;
    final Instant created;
    final long durationMs;
    final String runtimeError;
    int readsAfterCompletion;

    Backtest(
        String id,
        long projectId,
        String name,
        JsonObject parameters,
        Instant created,
        long durationMs,
        String runtimeError) {
      this.id = id;
      this.projectId = projectId;
      this.name = name;
      this.parameters = parameters;
      this.created = created;
      this.durationMs = durationMs;
      this.runtimeError = runtimeError;
    }
  }

  @PostConstruct
  void init() {
    defaultNodes = settings.nodes();
    reset();
  }

  /** A sandbox outside a container (unit tests of QuantConnect clients). */
  public static QuantConnectSandbox standalone(
      Clock clock, int nodes, long compileMs, long backtestMs) {
    QuantConnectSandbox sandbox = new QuantConnectSandbox();
    sandbox.clock = clock;
    sandbox.defaultNodes = nodes;
    sandbox.config = new SandboxConfig();
    sandbox.config.compileMs = compileMs;
    sandbox.config.backtestMs = backtestMs;
    sandbox.reset();
    return sandbox;
  }

  /** Back to the configured defaults, with no builds or backtests. */
  public synchronized void reset() {
    behaviour =
        new SandboxBehaviour(
            defaultNodes,
            0,
            0,
            config.compileMs,
            config.backtestMs,
            1,
            Map.of(),
            Map.of(),
            false,
            false,
            0,
            0,
            0);
    compiles.clear();
    backtests.clear();
    deleted.clear();
    history.clear();
    created = 0;
    refusedNoSpareNodes = 0;
    maxRunning = 0;
    requests = 0;
    requestsByEndpoint.clear();
    lostCreateAnswers = 0;
  }

  public synchronized SandboxBehaviour behaviour() {
    return behaviour;
  }

  public synchronized void behave(SandboxBehaviour next) {
    behaviour = next;
  }

  /** What happened so far, for tests and for people trying the product. */
  public synchronized JsonObject state() {
    Instant now = clock.instant();
    JsonArrayBuilder running = Json.createArrayBuilder();
    for (Backtest b : backtests.values()) {
      if (!finished(b, now)) {
        running.add(Json.createObjectBuilder().add("backtest_id", b.id).add("name", b.name));
      }
    }
    return Json.createObjectBuilder()
        .add("nodes", behaviour.nodes())
        .add("busy_elsewhere", behaviour.busyElsewhere())
        .add("running", running)
        .add("running_count", runningCount(now))
        .add("max_running", maxRunning)
        .add("created", created)
        .add("refused_no_spare_nodes", refusedNoSpareNodes)
        .add("deleted", Json.createArrayBuilder(deleted))
        .add("requests", requests)
        .add("requests_by_endpoint", Json.createObjectBuilder(Map.copyOf(requestsByEndpoint)))
        .add("lost_create_answers", lostCreateAnswers)
        .add("outage", behaviour.outageUntil() != null && behaviour.outageUntil().isAfter(now))
        .add("history", history())
        .build();
  }

  private JsonArrayBuilder history() {
    JsonArrayBuilder out = Json.createArrayBuilder();
    for (Backtest b : history) {
      Instant end =
          deleted.contains(b.id) && !backtests.containsKey(b.id)
              ? null
              : b.created.plusMillis(b.durationMs);
      JsonObjectBuilder entry =
          Json.createObjectBuilder()
              .add("backtest_id", b.id)
              .add("name", b.name)
              .add("created", b.created.toString());
      if (end != null) {
        entry.add("ends", end.toString());
      }
      out.add(entry);
    }
    return out;
  }

  @Override
  public synchronized JsonObject authenticate(JsonObject body) {
    admit("authenticate");
    return ok().build();
  }

  @Override
  public synchronized JsonObject createCompile(JsonObject body) {
    admit("compile/create");
    long projectId = projectId(body);
    if (projectId <= 0) {
      return error("Project not found");
    }
    String id = UUID.randomUUID().toString().replace("-", "") + "-" + hex(projectId);
    compiles.put(
        id, new Compile(projectId, clock.instant(), behaviour.buildErrors().get(projectId)));
    return ok().add("compileId", id)
        .add("state", "InQueue")
        .add("logs", Json.createArrayBuilder())
        .build();
  }

  @Override
  public synchronized JsonObject readCompile(JsonObject body) {
    admit("compile/read");
    Compile compile = compiles.get(body.getString("compileId", ""));
    if (compile == null || compile.projectId() != projectId(body)) {
      return error("Compile id not found");
    }
    Instant now = clock.instant();
    if (compile.created().plusMillis(behaviour.compileMs()).isAfter(now)) {
      return ok().add("state", "InQueue").add("logs", Json.createArrayBuilder()).build();
    }
    JsonArrayBuilder logs =
        Json.createArrayBuilder()
            .add("Build Request Successful for Project ID: " + compile.projectId());
    if (compile.buildError() != null) {
      return ok().add("state", "BuildError").add("logs", logs.add(compile.buildError())).build();
    }
    return ok().add("state", "BuildSuccess").add("logs", logs.add("Build Success")).build();
  }

  @Override
  public synchronized JsonObject createBacktest(JsonObject body) {
    admit("backtests/create");
    long projectId = projectId(body);
    Compile compile = compiles.get(body.getString("compileId", ""));
    Instant now = clock.instant();
    if (compile == null || compile.projectId() != projectId) {
      return error("Compile id not found");
    }
    if (compile.buildError() != null
        || compile.created().plusMillis(behaviour.compileMs()).isAfter(now)) {
      return error("Compile is not successful");
    }
    if (runningCount(now) + behaviour.busyElsewhere() >= behaviour.nodes()) {
      refusedNoSpareNodes++;
      return error(NO_SPARE_NODES);
    }
    String id = UUID.randomUUID().toString().replace("-", "");
    long jitter =
        behaviour.backtestJitterMs() <= 0
            ? 0
            : Math.floorMod(id.hashCode(), behaviour.backtestJitterMs() + 1);
    JsonObject parameters =
        body.get("parameters") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
    Backtest backtest =
        new Backtest(
            id,
            projectId,
            body.getString("backtestName", "Backtest " + id.substring(0, 8)),
            parameters,
            now,
            behaviour.backtestMs() + jitter,
            behaviour.runtimeErrors().get(projectId));
    backtests.put(id, backtest);
    history.add(backtest);
    if (history.size() > HISTORY) {
      history.remove(0);
    }
    created++;
    maxRunning = Math.max(maxRunning, runningCount(now));
    if (behaviour.loseCreateAnswers() > 0) {
      behaviour = behaviour.withLoseCreateAnswers(behaviour.loseCreateAnswers() - 1);
      lostCreateAnswers++;
      throw new SandboxFault(
          502, "Sandbox fault injection: backtest created, then the answer was lost");
    }
    return ok().add("backtest", describe(backtest, now)).add("debugging", false).build();
  }

  @Override
  public synchronized JsonObject readBacktest(JsonObject body) {
    admit("backtests/read");
    Backtest backtest = backtests.get(body.getString("backtestId", ""));
    if (backtest == null || backtest.projectId != projectId(body)) {
      return error("Backtest not found");
    }
    Instant now = clock.instant();
    if (finished(backtest, now) && backtest.runtimeError == null) {
      backtest.readsAfterCompletion++;
    }
    return ok().add("backtest", describe(backtest, now)).build();
  }

  @Override
  public synchronized JsonObject listBacktests(JsonObject body) {
    admit("backtests/list");
    long projectId = projectId(body);
    Instant now = clock.instant();
    JsonArrayBuilder list = Json.createArrayBuilder();
    int count = 0;
    for (Backtest b : backtests.values()) {
      if (b.projectId == projectId) {
        list.add(
            Json.createObjectBuilder()
                .add("backtestId", b.id)
                .add("name", b.name)
                .add("status", status(b, now))
                .add("created", b.created.toString())
                .add("progress", progress(b, now)));
        count++;
      }
    }
    return ok().add("backtests", list).add("count", count).build();
  }

  @Override
  public synchronized JsonObject deleteBacktest(JsonObject body) {
    admit("backtests/delete");
    String id = body.getString("backtestId", "");
    Backtest backtest = backtests.get(id);
    if (backtest == null || backtest.projectId != projectId(body)) {
      return error("Backtest not found");
    }
    backtests.remove(id);
    deleted.add(id);
    return ok().build();
  }

  @Override
  public synchronized JsonObject readNodes(JsonObject body) {
    admit("projects/nodes/read");
    Instant now = clock.instant();
    int busy = runningCount(now) + (behaviour.nodesReadLags() ? 0 : behaviour.busyElsewhere());
    JsonArrayBuilder nodes = Json.createArrayBuilder();
    for (int i = 0; i < behaviour.nodes(); i++) {
      nodes.add(
          Json.createObjectBuilder()
              .add("id", "sandbox-node-" + (i + 1))
              .add("name", "Sandbox node " + (i + 1))
              .add("sku", "B2-8")
              .add("busy", i < busy)
              .add("usedBy", i < busy ? "sandbox" : "")
              .add("cpu", 2)
              .add("ram", 8)
              .add("active", true));
    }
    return ok().add(
            "nodes",
            Json.createObjectBuilder()
                .add("backtest", nodes)
                .add("research", Json.createArrayBuilder())
                .add("live", Json.createArrayBuilder()))
        .add("autoSelectNode", true)
        .build();
  }

  /** The delay the HTTP face should add to this request (0 unless slow requests are pending). */
  public synchronized long takeLatency() {
    if (behaviour.slowNextRequests() <= 0) {
      return 0;
    }
    behaviour = behaviour.withSlowNextRequests(behaviour.slowNextRequests() - 1);
    return behaviour.latencyMs();
  }

  /** Counts the request; fault injection: an outage, or the next requests fail. */
  private void admit(String endpoint) {
    requests++;
    requestsByEndpoint.merge(endpoint, 1, Integer::sum);
    if (behaviour.outageUntil() != null && behaviour.outageUntil().isAfter(clock.instant())) {
      throw new SandboxFault(500, "Sandbox fault injection: QuantConnect is down");
    }
    if (behaviour.failNextRequests() > 0) {
      behaviour = behaviour.withFailNextRequests(behaviour.failNextRequests() - 1);
      throw new SandboxFault(500, "Sandbox fault injection: connection reset");
    }
  }

  private int runningCount(Instant now) {
    int n = 0;
    for (Backtest b : backtests.values()) {
      if (!finished(b, now)) {
        n++;
      }
    }
    return n;
  }

  private static boolean finished(Backtest b, Instant now) {
    return !b.created.plusMillis(b.durationMs).isAfter(now);
  }

  private static double progress(Backtest b, Instant now) {
    long elapsed = Duration.between(b.created, now).toMillis();
    return Math.min(1.0, Math.max(0, elapsed / (double) Math.max(1, b.durationMs)));
  }

  private static String status(Backtest b, Instant now) {
    if (finished(b, now)) {
      return b.runtimeError != null ? "Runtime Error" : "Completed.";
    }
    double progress = progress(b, now);
    if (progress < 0.05) {
      return "In Queue...";
    }
    return "Running: " + Math.round(progress * 100) + "%";
  }

  private JsonObject describe(Backtest b, Instant now) {
    boolean done = finished(b, now);
    JsonObjectBuilder json =
        Json.createObjectBuilder()
            .add("backtestId", b.id)
            .add("projectId", b.projectId)
            .add("name", b.name)
            .add("note", "")
            .add("status", status(b, now))
            .add("created", b.created.toString())
            .add("completed", done && b.runtimeError == null)
            .add("progress", done ? 1.0 : progress(b, now))
            .add("hasInitializeError", false)
            .add("nodeName", "Sandbox node");
    if (done && b.runtimeError != null) {
      json.add("error", b.runtimeError)
          .add(
              "stacktrace",
              "   at QuantConnect.Algorithm.CSharp.SandboxAlgorithm.OnData(Slice data) in"
                  + " main.py:line 42");
    } else if (done && b.readsAfterCompletion > behaviour.statisticsDelayReads()) {
      json.add("statistics", statistics(b)).add("runtimeStatistics", runtimeStatistics(b));
    } else {
      // QuantConnect sends an empty list until the figures exist.
      json.add("statistics", Json.createArrayBuilder())
          .add("runtimeStatistics", Json.createArrayBuilder());
    }
    return json.build();
  }

  /**
   * Simulated figures, the same for the same project and parameters, all from one equity path
   * ({@link SimulatedStatistics}) so that they agree with each other.
   */
  private static JsonObject statistics(Backtest b) {
    SimulatedStatistics s = SimulatedStatistics.of(seed(b));
    return Json.createObjectBuilder()
        .add("Total Orders", String.valueOf(s.orders()))
        .add("Net Profit", percent(s.netProfit()))
        .add("Compounding Annual Return", percent(s.compoundingAnnualReturn()))
        .add("Sharpe Ratio", String.format(Locale.ROOT, "%.3f", s.sharpeRatio()))
        .add("Drawdown", percent(s.drawdown()))
        .add("Win Rate", percent(s.winRate()))
        .add("Loss Rate", percent(100 - s.winRate()))
        .build();
  }

  private static JsonObject runtimeStatistics(Backtest b) {
    SimulatedStatistics s = SimulatedStatistics.of(seed(b));
    return Json.createObjectBuilder()
        .add("Equity", String.format(Locale.ROOT, "$%,.2f", s.finalEquity()))
        .add("Return", percent(s.netProfit()))
        .build();
  }

  private static long seed(Backtest b) {
    String key = b.projectId + "|" + b.parameters;
    long h = 1125899906842597L;
    for (byte x : key.getBytes(StandardCharsets.UTF_8)) {
      h = 31 * h + x;
    }
    return h & Long.MAX_VALUE;
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%.3f%%", value);
  }

  private static long projectId(JsonObject body) {
    return body.get("projectId") instanceof JsonNumber n ? n.longValue() : -1;
  }

  private static String hex(long value) {
    return Long.toHexString(value);
  }

  private static JsonObjectBuilder ok() {
    return Json.createObjectBuilder().add("success", true).add("errors", Json.createArrayBuilder());
  }

  private static JsonObject error(String message) {
    return Json.createObjectBuilder()
        .add("success", false)
        .add("errors", Json.createArrayBuilder().add(message))
        .build();
  }
}
