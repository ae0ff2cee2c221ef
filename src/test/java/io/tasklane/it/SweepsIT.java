package io.tasklane.it;

import static io.tasklane.support.Api.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.support.Api;
import io.tasklane.support.Deployments;
import io.tasklane.support.EventStream;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Parameter sweeps end to end through the API. Chunks ask for a tenth of a core so a busy build
 * machine does not keep them waiting for admission.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SweepsIT {
  static final Duration PATIENCE = Duration.ofMinutes(3);
  static final String STREAM = "api/system/task-events";

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

  Api admin;

  @BeforeEach
  void signIn() {
    admin = Api.anonymous(Deployments.loopback(deployed)).as("admin", Deployments.ADMIN_PASSWORD);
  }

  static String submit(Api who, String body) {
    Api.Reply reply = who.post("api/sweeps", q(body));
    assertEquals(202, reply.status(), reply::body);
    assertNotNull(reply.location());
    return reply.json().getString("sweep_id");
  }

  static JsonObject awaitEnd(Api who, String id) {
    return Api.eventually("sweep " + id + " ended")
        .atMost(PATIENCE)
        .until(
            () -> who.get("api/sweeps/" + id).json(),
            s -> !s.getString("status").equals("running"));
  }

  static JsonArray items(Api who, String path) {
    Api.Reply reply = who.get(path);
    assertEquals(200, reply.status(), reply::body);
    return reply.json().getJsonArray("items");
  }

  static double number(JsonObject o, String name) {
    return o.getJsonNumber(name).doubleValue();
  }

  @Test
  void a_sweep_stores_every_combination_once_ranked_paged_filtered_exported_and_announced() {
    Api alice = admin.newUser(Deployments.unique("alice"));
    try (EventStream stream =
        EventStream.open(
            admin.base(), STREAM, Map.of("Authorization", "Bearer " + alice.token()))) {
      String id = submit(alice, "{" + GRID + "}");

      JsonObject sweep = awaitEnd(alice, id);
      assertEquals("completed", sweep.getString("status"), sweep::toString);
      assertEquals(20, sweep.getInt("combinations"));
      assertEquals(20, sweep.getInt("done"));
      assertEquals(0, sweep.getInt("failed"));
      assertEquals(100, sweep.getInt("progress"));
      assertTrue(number(sweep, "throughput_per_second") > 0);
      JsonArray best = sweep.getJsonArray("best");
      assertEquals(10, best.size());
      for (int i = 1; i < best.size(); i++) {
        assertTrue(
            number(best.getJsonObject(i - 1), "sharpe_ratio")
                >= number(best.getJsonObject(i), "sharpe_ratio"),
            "best first by sharpe_ratio");
      }

      // Every combination exactly once.
      JsonArray all = items(alice, "api/sweeps/" + id + "/results?size=100&sort=total_return");
      assertEquals(20, all.size());
      Set<Integer> combinations = new HashSet<>();
      Set<String> params = new HashSet<>();
      for (JsonValue row : all) {
        combinations.add(row.asJsonObject().getInt("combination"));
        params.add(row.asJsonObject().getJsonObject("params").toString());
        assertTrue(
            row.asJsonObject().getJsonObject("params").getInt("fast_period")
                < row.asJsonObject().getJsonObject("params").getInt("slow_period"));
      }
      assertEquals(20, combinations.size());
      assertEquals(20, params.size());

      // Paging and sorting by any metric, either way.
      JsonArray page =
          items(alice, "api/sweeps/" + id + "/results?sort=max_drawdown&order=asc&page=1&size=5");
      JsonArray allByDrawdown =
          items(alice, "api/sweeps/" + id + "/results?sort=max_drawdown&order=asc&size=20");
      assertEquals(5, page.size());
      for (int i = 0; i < 5; i++) {
        assertEquals(
            allByDrawdown.getJsonObject(5 + i).getInt("combination"),
            page.getJsonObject(i).getInt("combination"));
      }
      // Filters are inclusive bounds on a metric.
      double median = number(allByDrawdown.getJsonObject(10), "max_drawdown");
      Api.Reply filtered =
          alice.get("api/sweeps/" + id + "/results?max_drawdown_max=" + median + "&size=100");
      assertEquals(200, filtered.status(), filtered::body);
      for (JsonValue row : filtered.json().getJsonArray("items")) {
        assertTrue(number(row.asJsonObject(), "max_drawdown") <= median);
      }
      assertEquals(filtered.json().getInt("total"), filtered.json().getJsonArray("items").size());
      assertTrue(filtered.json().getInt("total") >= 11 && filtered.json().getInt("total") < 20);

      // CSV: a header and every row.
      Api.Reply csv = alice.get("api/sweeps/" + id + "/results", "text/csv");
      assertEquals(200, csv.status(), csv::body);
      assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
      List<String> lines = csv.body().lines().toList();
      assertEquals(21, lines.size());
      assertTrue(
          lines
              .get(0)
              .startsWith("combination,symbol,timeframe,fast_period,slow_period,total_return"),
          lines.get(0));

      // The chunks do not bury the ordinary task list, and are there when asked for.
      assertEquals(0, alice.get("api/tasks").json().getInt("total"));
      assertTrue(alice.get("api/tasks?task_type=sweep_chunk").json().getInt("total") >= 1);

      EventStream.Event completed =
          stream.await(
              e -> e.type().equals("sweep_completed") && e.data().getString("sweep_id").equals(id),
              PATIENCE);
      assertEquals("completed", completed.data().getString("status"));
      assertEquals(20, completed.data().getInt("done"));
      assertEquals(10, completed.data().getJsonArray("top").size());
      assertEquals(
          best.getJsonObject(0).getInt("combination"),
          completed.data().getJsonArray("top").getJsonObject(0).getInt("combination"));
    }
  }

  @Test
  void a_combination_run_as_an_ordinary_backtest_has_the_same_figures() {
    String id = submit(admin, "{" + GRID + "}");
    assertEquals("completed", awaitEnd(admin, id).getString("status"));
    JsonObject row = items(admin, "api/sweeps/" + id + "/results?size=1").getJsonObject(0);

    String task =
        admin.submit(
            q(
                "{'task_type':'backtest','estimated_cpu_cores':0.1,'parameters':{'strategy':'sma_crossover',"
                    + "'symbol':'BTC_USDT','start_date':'2015-01-01','end_date':'2024-12-31','data':'synthetic',"
                    + "'params':"
                    + row.getJsonObject("params").toString().replace('"', '\'')
                    + "}}"));
    JsonObject result = admin.awaitStatus(task, "completed", PATIENCE).getJsonObject("result");
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
        assertTrue(row.isNull(metric), metric);
      } else {
        assertEquals(number(result, metric), number(row, metric), 0.0, metric);
      }
    }
  }

  @Test
  void a_chunk_run_again_replaces_its_rows_and_never_stores_a_combination_twice() {
    String id = submit(admin, "{" + GRID + "}");
    assertEquals("completed", awaitEnd(admin, id).getString("status"));
    JsonArray before = items(admin, "api/sweeps/" + id + "/results?size=100&sort=total_return");

    // What a crash leaves behind: the chunk runs once more over combinations already stored.
    String again =
        admin.submit(
            q(
                "{'task_type':'sweep_chunk','estimated_cpu_cores':0.1,'parameters':{'sweep_id':'"
                    + id
                    + "','first':0,'size':20}}"));
    admin.awaitStatus(again, "completed", PATIENCE);

    JsonArray after = items(admin, "api/sweeps/" + id + "/results?size=100&sort=total_return");
    assertEquals(20, after.size());
    assertEquals(20, admin.get("api/sweeps/" + id).json().getInt("done"));
    assertEquals(before, after, "the same rows, once each");
  }

  @Test
  void a_walk_forward_sweep_ranks_by_out_of_sample_figures_and_flags_overfitting() {
    String id =
        submit(admin, "{" + GRID.replace("'grid'", "'walk_forward':{'folds':3},'grid'") + "}");
    JsonObject sweep = awaitEnd(admin, id);
    assertEquals("completed", sweep.getString("status"), sweep::toString);
    assertEquals("oos_score", sweep.getString("ranked_by"));
    JsonArray rows = items(admin, "api/sweeps/" + id + "/results?size=20");
    assertEquals(20, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      assertEquals(3, row.getJsonArray("folds").size(), row::toString);
      assertTrue(row.containsKey("overfit"), row::toString);
      assertTrue(row.getJsonArray("folds").getJsonObject(0).containsKey("oos_sharpe_ratio"));
      if (i > 0 && !rows.getJsonObject(i - 1).isNull("oos_score") && !row.isNull("oos_score")) {
        assertTrue(number(rows.getJsonObject(i - 1), "oos_score") >= number(row, "oos_score"));
      }
    }
  }

  @Test
  void cancel_stops_every_unfinished_chunk() {
    // Hourly bars over ten years: each chunk runs for a while.
    String id =
        submit(
            admin,
            "{'strategy':'sma_crossover','symbols':['ETH_USDT'],'timeframes':['1h'],'start_date':'2015-01-01',"
                + "'end_date':'2024-12-31','data':'synthetic','estimated_cpu_cores':0.1,"
                + "'grid':{'fast_period':{'from':2,'to':60,'step':1},'slow_period':{'from':70,'to':200,'step':2}}}");
    Api.Reply cancelled = admin.post("api/sweeps/" + id + "/cancel", "");
    assertEquals(200, cancelled.status(), cancelled::body);
    assertEquals("cancelled", cancelled.json().getString("status"));
    assertTrue(cancelled.json().getInt("done") < cancelled.json().getInt("combinations"));
    for (JsonValue chunk : items(admin, "api/tasks?task_type=sweep_chunk&size=200")) {
      if (!chunk.asJsonObject().getJsonObject("parameters").getString("sweep_id").equals(id)) {
        continue;
      }
      String status = chunk.asJsonObject().getString("status");
      assertTrue(status.equals("cancelled") || status.equals("completed"), status);
    }
    assertEquals(409, admin.post("api/sweeps/" + id + "/cancel", "").status());
  }

  @Test
  void bad_sweeps_and_bad_queries_are_400_problems() {
    for (String body :
        List.of(
            "{'symbols':['BTC_USDT'],'start_date':'2020-01-01','end_date':'2020-12-31','grid':{'fast':[5]}}",
            "{'symbols':['BTC_USDT'],'start_date':'2020-01-01','end_date':'2020-12-31','grid':{'fast_period':[]}}",
            "{'symbols':['BTC_USDT'],'start_date':'2020-01-01','end_date':'2020-12-31','grid':{'fast_period':{'from':1,'to':500,'step':1},'slow_period':{'from':501,'to':1000,'step':1}}}",
            "{'symbols':['BTC_USDT'],'start_date':'2020-01-01','end_date':'2020-12-31','grid':{'fast_period':[5]},'constraints':['java.lang.System.exit(1)']}",
            "{'symbols':['BTC_USDT'],'start_date':'2020-01-01','end_date':'2020-12-31','grid':{'fast_period':[5]},'rank_by':'luck'}",
            "{'symbols':['NOPE_NOT_STORED'],'start_date':'2020-01-01','end_date':'2020-12-31','grid':{'fast_period':[5]}}")) {
      Api.Reply reply = admin.post("api/sweeps", q(body));
      assertEquals(400, reply.status(), () -> body + " -> " + reply.body());
      assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
    }
    String id = submit(admin, "{" + GRID + "}");
    assertEquals(400, admin.get("api/sweeps/" + id + "/results?sort=luck").status());
    assertEquals(400, admin.get("api/sweeps/" + id + "/results?order=up").status());
    assertEquals(400, admin.get("api/sweeps/" + id + "/results?sharpe_ratio_min=abc").status());
    assertEquals(400, admin.get("api/sweeps/" + id + "/results?where=1").status());
    assertEquals(400, admin.get("api/sweeps/" + id + "/results?size=0").status());
  }

  @Test
  void a_user_sees_only_their_own_sweeps_and_an_admin_sees_all() {
    Api bob = admin.newUser(Deployments.unique("bob"));
    Api carol = admin.newUser(Deployments.unique("carol"));
    String id = submit(bob, "{" + GRID + "}");

    assertEquals(404, carol.get("api/sweeps/" + id).status());
    assertEquals(404, carol.get("api/sweeps/" + id + "/results").status());
    assertEquals(404, carol.post("api/sweeps/" + id + "/cancel", "").status());
    assertEquals(0, carol.get("api/sweeps").json().getInt("total"));
    assertEquals(1, bob.get("api/sweeps").json().getInt("total"));
    assertTrue(
        items(admin, "api/sweeps?size=200").stream()
            .anyMatch(s -> s.asJsonObject().getString("sweep_id").equals(id)));
    assertEquals(200, admin.get("api/sweeps/" + id).status());
    // Nobody else's chunk can be made to run for a sweep they do not own.
    Api.Reply forged =
        carol.post(
            "api/tasks",
            q(
                "{'task_type':'sweep_chunk','parameters':{'sweep_id':'"
                    + id
                    + "','first':0,'size':1}}"));
    assertEquals(404, forged.status(), forged::body);
    awaitEnd(bob, id);
  }
}
