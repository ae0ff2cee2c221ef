package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.system.ProblemException;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.Task;
import io.tasklane.tasks.TaskContext;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BacktestSeriesTest {
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  private final BacktestHandler handler = new BacktestHandler();
  private final JsonObject parameters =
      handler.validate(
          Json.createReader(
                  new StringReader(
                      "{\"symbol\":\"ETH_USDT\",\"data\":\"synthetic\",\"start_date\":\"2023-01-01\",\"end_date\":\"2024-06-30\"}"))
              .readObject());
  private final JsonObject result =
      handler.run(new TaskContext(UUID.randomUUID(), "alice", parameters, 1, (d, p) -> {}));

  private List<BacktestSeries.Row> rows() throws IOException {
    List<BacktestSeries.Row> rows = new ArrayList<>();
    handler.replay(parameters, "alice").forEachRow(rows::add);
    return rows;
  }

  private BacktestReplay replay() {
    BacktestReplay replay = new BacktestReplay();
    replay.handler = handler;
    return replay;
  }

  private Task task(String type, String resultJson) {
    Task task =
        new Task(
            UUID.randomUUID(),
            type,
            Lane.LOCAL,
            "alice",
            0,
            parameters.toString(),
            1,
            0.5,
            1,
            60,
            NOW);
    if (resultJson != null) {
      task.start("here", NOW, NOW.plusSeconds(60));
      task.complete(resultJson, NOW);
    }
    return task;
  }

  @Test
  void one_row_per_bar_ending_on_the_results_final_equity() throws IOException {
    List<BacktestSeries.Row> rows = rows();

    assertEquals(result.getInt("bars"), rows.size());
    assertEquals(
        result.getJsonNumber("final_equity").doubleValue(),
        rows.get(rows.size() - 1).equity(),
        0.005);
    assertEquals(
        Instant.parse(result.getString("last_bar")).getEpochSecond(),
        rows.get(rows.size() - 1).epochSecond());
  }

  @Test
  void drawdowns_are_positive_fractions_whose_deepest_is_the_max_drawdown() throws IOException {
    List<BacktestSeries.Row> rows = rows();

    assertTrue(rows.stream().allMatch(r -> r.drawdown() >= 0 && r.drawdown() < 1));
    double deepest = rows.stream().mapToDouble(BacktestSeries.Row::drawdown).max().orElseThrow();
    assertEquals(result.getJsonNumber("max_drawdown").doubleValue(), deepest, 1e-6);
  }

  @Test
  void positions_match_the_exposure_and_the_benchmark_ends_on_its_total_return()
      throws IOException {
    List<BacktestSeries.Row> rows = rows();

    long held = rows.stream().filter(r -> r.position() == 1).count();
    assertEquals(result.getJsonNumber("exposure").doubleValue(), (double) held / rows.size(), 1e-6);
    double benchmarkEnd = rows.get(rows.size() - 1).benchmarkEquity();
    assertEquals(
        result.getJsonObject("benchmark").getJsonNumber("total_return").doubleValue(),
        benchmarkEnd / 10_000 - 1,
        1e-6);
  }

  @Test
  void csv_has_a_header_and_a_line_per_bar_and_json_has_columns_and_rows() throws IOException {
    BacktestSeries series = handler.replay(parameters, "alice");
    StringWriter csv = new StringWriter();
    series.writeCsv(csv);
    StringWriter json = new StringWriter();
    series.writeJson(json);

    String[] lines = csv.toString().split("\n");
    assertEquals("timestamp,close,position,equity,drawdown,benchmark_equity", lines[0]);
    assertEquals(result.getInt("bars") + 1, lines.length);
    assertTrue(lines[1].startsWith("2023-01-01T00:00:00Z,"), lines[1]);
    JsonObject parsed = Json.createReader(new StringReader(json.toString())).readObject();
    assertEquals(6, parsed.getJsonArray("columns").size());
    JsonArray last = parsed.getJsonArray("rows").getJsonArray(result.getInt("bars") - 1);
    assertEquals(result.getString("last_bar"), last.getString(0));
    assertEquals(
        result.getJsonNumber("final_equity").doubleValue(),
        last.getJsonNumber(3).doubleValue(),
        0.005);
  }

  @Test
  void the_preview_keeps_at_most_500_timestamped_points_ending_at_the_last_bar() {
    JsonArray preview = result.getJsonArray("equity_preview");

    assertEquals(result.getJsonArray("equity_curve").size(), preview.size());
    assertTrue(preview.size() <= 500);
    JsonArray last = preview.getJsonArray(preview.size() - 1);
    assertEquals(result.getString("last_bar"), last.getString(0));
    assertEquals(result.getJsonNumber("final_equity"), last.getJsonNumber(1));
  }

  @Test
  void the_benchmark_and_drawdown_previews_match_the_full_series_at_the_previews_bars()
      throws IOException {
    JsonArray preview = result.getJsonArray("equity_preview");
    JsonArray benchmark = result.getJsonArray("benchmark_preview");
    JsonArray drawdown = result.getJsonArray("drawdown_preview");
    java.util.Map<String, BacktestSeries.Row> rows = new java.util.HashMap<>();
    handler
        .replay(parameters, "alice")
        .forEachRow(
            row -> rows.put(java.time.Instant.ofEpochSecond(row.epochSecond()).toString(), row));

    assertEquals(preview.size(), benchmark.size());
    assertEquals(preview.size(), drawdown.size());
    double deepest = 0;
    for (int i = 0; i < preview.size(); i++) {
      BacktestSeries.Row row = rows.get(preview.getJsonArray(i).getString(0));
      assertEquals(row.benchmarkEquity(), benchmark.getJsonNumber(i).doubleValue(), 0.005);
      assertEquals(row.drawdown(), drawdown.getJsonNumber(i).doubleValue(), 1e-6);
      deepest = Math.max(deepest, drawdown.getJsonNumber(i).doubleValue());
    }
    assertTrue(deepest <= result.getJsonNumber("max_drawdown").doubleValue() + 1e-6);
  }

  @Test
  void a_completed_backtest_replays_to_its_series() {
    BacktestSeries series = replay().seriesOf(task("backtest", result.toString()));

    assertEquals(result.getInt("bars"), series.size());
  }

  @Test
  void a_replay_that_ends_elsewhere_is_a_conflict_saying_the_data_changed() {
    String tampered = Json.createObjectBuilder(result).add("final_equity", 1.0).build().toString();

    ProblemException e =
        assertThrows(
            ProblemException.Conflict.class, () -> replay().seriesOf(task("backtest", tampered)));
    assertTrue(e.getMessage().startsWith("The data changed since the run"), e.getMessage());
  }

  @Test
  void a_queued_backtest_or_another_task_type_has_no_series() {
    assertThrows(ProblemException.Conflict.class, () -> replay().seriesOf(task("backtest", null)));
    assertThrows(
        ProblemException.Conflict.class,
        () -> replay().seriesOf(task("prediction", result.toString())));
  }
}
