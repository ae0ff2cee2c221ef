package io.tasklane.it;

import static io.tasklane.support.Api.q;
import static io.tasklane.support.Clients.json;
import static io.tasklane.support.Clients.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.client.SweepsApi;
import io.tasklane.client.TaskEvent;
import io.tasklane.client.TaskView;
import io.tasklane.client.TasklaneClient;
import io.tasklane.client.TasklaneJson;
import io.tasklane.client.TasklaneProblemException;
import io.tasklane.client.TasksApi;
import io.tasklane.support.Api;
import io.tasklane.support.ClientEvents;
import io.tasklane.support.Clients;
import io.tasklane.support.Deployments;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Parameter sweeps end to end through the API, by Tasklane's Java client (raw HTTP only for the
 * content type of the CSV export and for the refusals of bad input). Chunks ask for a tenth of a
 * core so a busy build machine does not keep them waiting for admission.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SweepsIT {
  static final Duration PATIENCE = Duration.ofMinutes(3);

  /** 5 fast × 4 slow periods, all fast < slow: 20 combinations of ten years of daily bars. */
  static final String GRID =
      "'strategy':'sma_crossover','symbols':['BTC_USDT'],'timeframes':['1d'],'start_date':'2015-01-01',"
          + "'end_date':'2024-12-31','data':'synthetic','estimated_cpu_cores':0.1,"
          + "'grid':{'fast_period':{'from':5,'to':25,'step':5},'slow_period':[30,50,70,90]},"
          + "'constraints':['fast_period < slow_period']";

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.tasklane();
  }

  @ArquillianResource URL deployed;

  Clients clients;
  TasklaneClient admin;

  @BeforeEach
  void signIn() {
    clients = new Clients(Deployments.loopback(deployed), Deployments.ADMIN_PASSWORD);
    admin = clients.admin();
  }

  @AfterEach
  void signOut() throws Exception {
    clients.close();
  }

  static UUID submit(TasklaneClient who, String body) {
    SweepsApi.Accepted accepted = who.sweeps().submit(json(body));
    assertEquals("running", accepted.status(), accepted::toString);
    return accepted.sweepId();
  }

  static SweepsApi.Sweep awaitEnd(TasklaneClient who, UUID id) {
    return Api.eventually("sweep " + id + " ended")
        .atMost(PATIENCE)
        .until(() -> who.sweeps().get(id), SweepsApi.Sweep::finished);
  }

  static List<SweepsApi.Result> results(
      TasklaneClient who, UUID id, String sort, String order, int page, int size) {
    return who.sweeps().results(id, sort, order, page, size).items();
  }

  /** A figure of a result or a task's result by its wire name; null when it has none. */
  static Double figure(JsonObject o, String name) {
    return o.containsKey(name) && !o.isNull(name) ? o.getJsonNumber(name).doubleValue() : null;
  }

  static JsonObject asJson(SweepsApi.Result row) {
    try (JsonReader reader =
        Json.createReader(new StringReader(TasklaneJson.jsonb().toJson(row)))) {
      return reader.readObject();
    }
  }

  @Test
  void a_sweep_stores_every_combination_once_ranked_paged_filtered_exported_and_announced()
      throws Exception {
    TasklaneClient alice = clients.newUser(Deployments.unique("alice"));
    ClientEvents stream = clients.listen(alice);
    UUID id = submit(alice, "{" + GRID + "}");

    SweepsApi.Sweep sweep = awaitEnd(alice, id);
    assertEquals("completed", sweep.status(), sweep::toString);
    assertEquals(20, sweep.combinations());
    assertEquals(20, sweep.done());
    assertEquals(0, sweep.failed());
    assertEquals(100, sweep.progress());
    assertTrue(sweep.throughputPerSecond() > 0);
    List<SweepsApi.Result> best = sweep.best();
    assertEquals(10, best.size());
    for (int i = 1; i < best.size(); i++) {
      assertTrue(
          best.get(i - 1).sharpeRatio() >= best.get(i).sharpeRatio(), "best first by sharpe_ratio");
    }

    // Every combination exactly once.
    List<SweepsApi.Result> all = results(alice, id, "total_return", null, 0, 100);
    assertEquals(20, all.size());
    Set<Integer> combinations = new HashSet<>();
    Set<String> params = new HashSet<>();
    for (SweepsApi.Result row : all) {
      combinations.add(row.combination());
      params.add(row.params().toString());
      assertTrue(row.params().getInt("fast_period") < row.params().getInt("slow_period"));
    }
    assertEquals(20, combinations.size());
    assertEquals(20, params.size());

    // Paging and sorting by any metric, either way.
    List<SweepsApi.Result> page = results(alice, id, "max_drawdown", "asc", 1, 5);
    List<SweepsApi.Result> allByDrawdown = results(alice, id, "max_drawdown", "asc", 0, 20);
    assertEquals(5, page.size());
    for (int i = 0; i < 5; i++) {
      assertEquals(allByDrawdown.get(5 + i).combination(), page.get(i).combination());
    }
    // Filters are inclusive bounds on a metric.
    double median = allByDrawdown.get(10).maxDrawdown();
    SweepsApi.ResultPage filtered =
        alice.sweepResults(id, null, null, 0, 100, Map.of("max_drawdown_max", median));
    for (SweepsApi.Result row : filtered.items()) {
      assertTrue(row.maxDrawdown() <= median);
    }
    assertEquals(filtered.total(), filtered.items().size());
    assertTrue(filtered.total() >= 11 && filtered.total() < 20);

    // CSV: a header and every row, as text and streamed alike.
    List<String> lines = alice.sweeps().resultsCsv(id, null, null).lines().toList();
    assertEquals(21, lines.size());
    assertTrue(
        lines
            .get(0)
            .startsWith("combination,symbol,timeframe,fast_period,slow_period,total_return"),
        lines.get(0));
    try (InputStream export = alice.exportSweepResults(id, null, null, Map.of());
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(export, StandardCharsets.UTF_8))) {
      assertEquals(lines, reader.lines().toList());
    }
    Api.Reply csv =
        new Api(Deployments.loopback(deployed), alice.tokens().get())
            .get("api/sweeps/" + id + "/results", "text/csv");
    assertEquals(200, csv.status(), csv::body);
    assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());

    // The chunks do not bury the ordinary task list, and are there when asked for.
    assertEquals(
        0, alice.tasks().list(null, null, null, null, null, null, null, null, null, 0, 50).total());
    assertTrue(
        alice
                .tasks()
                .list(null, "sweep_chunk", null, null, null, null, null, null, null, 0, 50)
                .total()
            >= 1);

    TaskEvent.SweepCompleted completed =
        stream.await(TaskEvent.SweepCompleted.class, e -> e.sweepId().equals(id), PATIENCE);
    assertEquals("completed", completed.status());
    assertEquals(20, completed.done());
    assertEquals(10, completed.top().size());
    assertEquals(best.get(0).combination(), completed.top().get(0).combination());
  }

  @Test
  void a_combination_run_as_an_ordinary_backtest_has_the_same_figures() {
    UUID id = submit(admin, "{" + GRID + "}");
    assertEquals("completed", awaitEnd(admin, id).status());
    SweepsApi.Result row = results(admin, id, null, null, 0, 1).get(0);

    JsonObject parameters =
        Json.createObjectBuilder(
                json(
                    "{'strategy':'sma_crossover','symbol':'BTC_USDT','start_date':'2015-01-01',"
                        + "'end_date':'2024-12-31','data':'synthetic'}"))
            .add("params", row.params())
            .build();
    UUID task = admin.tasks().submit(Clients.smallTask("backtest", parameters)).taskId();
    JsonObject result = Clients.awaitStatus(admin, task, "completed", PATIENCE).result();
    JsonObject figures = asJson(row);
    for (String metric :
        List.of(
            "total_return",
            "cagr",
            "annualised_volatility",
            "sharpe_ratio",
            "sortino_ratio",
            "max_drawdown",
            "win_rate",
            "exposure",
            "trade_count",
            "final_equity",
            "total_costs")) {
      if (result.isNull(metric)) {
        assertNull(figure(figures, metric), metric);
      } else {
        assertEquals(figure(result, metric), figure(figures, metric), 0.0, metric);
      }
    }
  }

  @Test
  void a_chunk_run_again_replaces_its_rows_and_never_stores_a_combination_twice() {
    UUID id = submit(admin, "{" + GRID + "}");
    assertEquals("completed", awaitEnd(admin, id).status());
    List<SweepsApi.Result> before = results(admin, id, "total_return", null, 0, 100);

    // What a crash leaves behind: the chunk runs once more over combinations already stored.
    UUID again =
        admin
            .tasks()
            .submit(
                Clients.smallTask(
                    "sweep_chunk", json("{'sweep_id':'" + id + "','first':0,'size':20}")))
            .taskId();
    Clients.awaitStatus(admin, again, "completed", PATIENCE);

    List<SweepsApi.Result> after = results(admin, id, "total_return", null, 0, 100);
    assertEquals(20, after.size());
    assertEquals(20, admin.sweeps().get(id).done());
    assertEquals(before, after, "the same rows, once each");
  }

  @Test
  void a_walk_forward_sweep_ranks_by_out_of_sample_figures_and_flags_overfitting() {
    UUID id =
        submit(admin, "{" + GRID.replace("'grid'", "'walk_forward':{'folds':3},'grid'") + "}");
    SweepsApi.Sweep sweep = awaitEnd(admin, id);
    assertEquals("completed", sweep.status(), sweep::toString);
    assertEquals("oos_score", sweep.rankedBy());
    List<SweepsApi.Result> rows = results(admin, id, null, null, 0, 20);
    assertEquals(20, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      SweepsApi.Result row = rows.get(i);
      assertEquals(3, row.folds().size(), row::toString);
      assertNotNull(row.overfit(), row::toString);
      assertTrue(row.folds().getJsonObject(0).containsKey("oos_sharpe_ratio"));
      if (i > 0 && rows.get(i - 1).oosScore() != null && row.oosScore() != null) {
        assertTrue(rows.get(i - 1).oosScore() >= row.oosScore());
      }
    }
  }

  @Test
  void cancel_stops_every_unfinished_chunk() {
    // Hourly bars over ten years: each chunk runs for a while.
    UUID id =
        submit(
            admin,
            "{'strategy':'sma_crossover','symbols':['ETH_USDT'],'timeframes':['1h'],'start_date':'2015-01-01',"
                + "'end_date':'2024-12-31','data':'synthetic','estimated_cpu_cores':0.1,"
                + "'grid':{'fast_period':{'from':2,'to':60,'step':1},'slow_period':{'from':70,'to':200,'step':2}}}");
    SweepsApi.Sweep cancelled = admin.sweeps().cancel(id);
    assertEquals("cancelled", cancelled.status());
    assertTrue(cancelled.done() < cancelled.combinations());
    for (TaskView chunk :
        admin
            .tasks()
            .list(null, "sweep_chunk", null, null, null, null, null, null, null, 0, 200)
            .items()) {
      if (!chunk.parameters().getString("sweep_id").equals(id.toString())) {
        continue;
      }
      assertTrue(
          chunk.status().equals("cancelled") || chunk.status().equals("completed"), chunk.status());
    }
    assertEquals(
        409,
        assertThrows(TasklaneProblemException.class, () -> admin.sweeps().cancel(id)).status());
  }

  /**
   * Bad input, sent raw: the exact status and content type of each refusal (and the Location of an
   * accepted sweep, which the client's answer does not show).
   */
  @Test
  void bad_sweeps_and_bad_queries_are_400_problems() {
    Api raw = Api.anonymous(Deployments.loopback(deployed)).as("admin", Deployments.ADMIN_PASSWORD);
    for (String body :
        List.of(
            "{'symbols':['BTC_USDT'],'start_date':'2020-01-01','end_date':'2020-12-31','grid':{'fast':[5]}}",
            "{'symbols':['BTC_USDT'],'start_date':'2020-01-01','end_date':'2020-12-31','grid':{'fast_period':[]}}",
            "{'symbols':['BTC_USDT'],'start_date':'2020-01-01','end_date':'2020-12-31','grid':{'fast_period':{'from':1,'to':500,'step':1},'slow_period':{'from':501,'to':1000,'step':1}}}",
            "{'symbols':['BTC_USDT'],'start_date':'2020-01-01','end_date':'2020-12-31','grid':{'fast_period':[5]},'constraints':['java.lang.System.exit(1)']}",
            "{'symbols':['BTC_USDT'],'start_date':'2020-01-01','end_date':'2020-12-31','grid':{'fast_period':[5]},'rank_by':'luck'}",
            "{'symbols':['NOPE_NOT_STORED'],'start_date':'2020-01-01','end_date':'2020-12-31','grid':{'fast_period':[5]}}")) {
      Api.Reply reply = raw.post("api/sweeps", q(body));
      assertEquals(400, reply.status(), () -> body + " -> " + reply.body());
      assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
    }
    Api.Reply accepted = raw.post("api/sweeps", q("{" + GRID + "}"));
    assertEquals(202, accepted.status(), accepted::body);
    assertNotNull(accepted.location());
    String id = accepted.json().getString("sweep_id");
    assertEquals(400, raw.get("api/sweeps/" + id + "/results?sort=luck").status());
    assertEquals(400, raw.get("api/sweeps/" + id + "/results?order=up").status());
    assertEquals(400, raw.get("api/sweeps/" + id + "/results?sharpe_ratio_min=abc").status());
    assertEquals(400, raw.get("api/sweeps/" + id + "/results?where=1").status());
    assertEquals(400, raw.get("api/sweeps/" + id + "/results?size=0").status());
  }

  @Test
  void a_user_sees_only_their_own_sweeps_and_an_admin_sees_all() {
    TasklaneClient bob = clients.newUser(Deployments.unique("bob"));
    TasklaneClient carol = clients.newUser(Deployments.unique("carol"));
    UUID id = submit(bob, "{" + GRID + "}");

    assertEquals(404, refusal(() -> carol.sweeps().get(id)));
    assertEquals(404, refusal(() -> carol.sweeps().results(id, null, null, 0, 50)));
    assertEquals(404, refusal(() -> carol.sweeps().cancel(id)));
    assertEquals(0, carol.sweeps().list(0, 50).total());
    assertEquals(1, bob.sweeps().list(0, 50).total());
    assertTrue(admin.sweeps().list(0, 200).items().stream().anyMatch(s -> s.sweepId().equals(id)));
    assertNotNull(admin.sweeps().get(id));
    // Nobody else's chunk can be made to run for a sweep they do not own.
    assertEquals(
        404,
        refusal(
            () ->
                carol
                    .tasks()
                    .submit(
                        TasksApi.SubmitTask.of(
                            "sweep_chunk", json("{'sweep_id':'" + id + "','first':0,'size':1}")))));
    awaitEnd(bob, id);
  }
}
