package io.tasklane.sweeps;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** The wire shapes of sweeps and their results, snake_case as everywhere in the API. */
final class SweepViews {
  private SweepViews() {}

  static JsonObject result(SweepResult row) {
    JsonObjectBuilder json =
        Json.createObjectBuilder()
            .add("combination", row.combination())
            .add("symbol", row.symbol())
            .add("timeframe", row.timeframe())
            .add("params", parse(row.params()));
    for (Metric metric : Metric.RUN) {
      add(json, metric.wireName(), row.value(metric));
    }
    if (row.folds() != null) {
      add(json, Metric.OOS_SCORE.wireName(), row.oosScore());
      add(json, Metric.IS_SCORE.wireName(), row.isScore());
      add(json, Metric.SCORE_GAP.wireName(), row.scoreGap());
      if (row.overfit() != null) {
        json.add("overfit", row.overfit());
      }
      json.add("folds", Json.createReader(new StringReader(row.folds())).readArray());
    }
    return json.build();
  }

  /**
   * @param top the best results, best first
   */
  static JsonObject sweep(
      Sweep sweep, long done, long failed, java.util.List<SweepResult> top, Instant now) {
    Instant end = sweep.finishedAt() == null ? now : sweep.finishedAt();
    double elapsed = Math.max(0.001, Duration.between(sweep.createdAt(), end).toMillis() / 1000.0);
    JsonObjectBuilder json =
        Json.createObjectBuilder()
            .add("sweep_id", sweep.id().toString())
            .add("user_id", sweep.userId())
            .add("status", sweep.status())
            .add("strategy", sweep.strategy())
            .add("combinations", sweep.combinations())
            .add("done", done)
            .add("failed", failed)
            .add(
                "progress",
                sweep.combinations() == 0 ? 100 : (int) (done * 100 / sweep.combinations()))
            .add("elapsed_seconds", Math.round(elapsed * 1000) / 1000.0)
            .add("throughput_per_second", Math.round(done / elapsed * 10) / 10.0)
            .add("rank_by", sweep.rankBy())
            .add("ranked_by", SweepRanking.rankingColumn(sweep).wireName())
            .add("walk_forward", sweep.walkForward())
            // What was asked (series, dates, grid, constraints): the dashboard shows it and
            // pre-fills a backtest of one combination from it.
            .add("definition", parse(sweep.definition()))
            .add("created_at", sweep.createdAt().toString());
    if (sweep.finishedAt() != null) {
      json.add("finished_at", sweep.finishedAt().toString());
    }
    if (top != null) {
      var best = Json.createArrayBuilder();
      top.forEach(row -> best.add(result(row)));
      json.add("best", best);
    }
    return json.build();
  }

  /** The CSV header: series, parameters (one column each), then every figure. */
  static String csvHeader(java.util.List<String> parameters, boolean walkForward) {
    StringBuilder line = new StringBuilder("combination,symbol,timeframe");
    parameters.forEach(p -> line.append(',').append(p));
    for (Metric metric : Metric.RUN) {
      line.append(',').append(metric.wireName());
    }
    if (walkForward) {
      line.append(",oos_score,is_score,score_gap,overfit");
    }
    return line.append('\n').toString();
  }

  static String csvLine(SweepResult row, java.util.List<String> parameters, boolean walkForward) {
    StringBuilder line =
        new StringBuilder()
            .append(row.combination())
            .append(',')
            .append(row.symbol())
            .append(',')
            .append(row.timeframe());
    JsonObject params = parse(row.params());
    parameters.forEach(p -> line.append(',').append(params.containsKey(p) ? params.get(p) : ""));
    for (Metric metric : Metric.RUN) {
      line.append(',').append(number(row.value(metric)));
    }
    if (walkForward) {
      line.append(',')
          .append(number(row.oosScore()))
          .append(',')
          .append(number(row.isScore()))
          .append(',')
          .append(number(row.scoreGap()))
          .append(',')
          .append(row.overfit() == null ? "" : row.overfit().toString().toLowerCase(Locale.ROOT));
    }
    return line.append('\n').toString();
  }

  private static String number(Double value) {
    if (value == null) {
      return "";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf(value.longValue())
        : String.valueOf(value);
  }

  static JsonObject parse(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  private static void add(JsonObjectBuilder json, String name, Double value) {
    if (value == null) {
      json.addNull(name);
    } else if (name.equals("trade_count")) {
      json.add(name, value.intValue());
    } else {
      json.add(name, value);
    }
  }
}
