package io.tasklane.pipelines;

import io.tasklane.system.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Set;

/**
 * Built-in pipelines. {@code train_gate_predict_backtest}: train a direction model, go on only if
 * its test accuracy beats the majority baseline by a point, predict the later range, backtest the
 * {@code ml_predictive} strategy on that model over it, and optionally run a QuantConnect backtest
 * of a given project.
 */
final class PipelineTemplates {
  static final String TRAIN_GATE_PREDICT_BACKTEST = "train_gate_predict_backtest";

  private static final Set<String> FIELDS =
      Set.of(
          "template",
          "name",
          "symbol",
          "timeframe",
          "data",
          "train_start_date",
          "train_end_date",
          "start_date",
          "end_date",
          "params",
          "entry_threshold",
          "exit_threshold",
          "min_edge",
          "qc_project_id");

  private PipelineTemplates() {}

  /** The template's pipeline as a {@code {name, steps}} body. */
  static JsonObject expand(JsonObject body) {
    String template = body.getString("template", "");
    if (!TRAIN_GATE_PREDICT_BACKTEST.equals(template)) {
      throw new ProblemException.InvalidInput(
          "template: unknown template '"
              + template
              + "'; use "
              + TRAIN_GATE_PREDICT_BACKTEST
              + ".");
    }
    for (String field : body.keySet()) {
      if (!FIELDS.contains(field)) {
        throw new ProblemException.InvalidInput(
            field + ": unknown field of template " + template + "; known: " + FIELDS + ".");
      }
    }
    String symbol = text(body, "symbol", null);
    JsonObjectBuilder range = Json.createObjectBuilder().add("symbol", symbol);
    copy(body, "timeframe", range);
    copy(body, "data", range);
    JsonObject common = range.build();

    JsonObjectBuilder train =
        Json.createObjectBuilder(common)
            .add("start_date", text(body, "train_start_date", null))
            .add("end_date", text(body, "train_end_date", null));
    copy(body, "params", train);
    JsonObject later =
        Json.createObjectBuilder(common)
            .add("start_date", text(body, "start_date", null))
            .add("end_date", text(body, "end_date", null))
            .build();
    JsonObjectBuilder strategy = Json.createObjectBuilder().add("model_id", "${train.model_id}");
    copy(body, "entry_threshold", strategy);
    copy(body, "exit_threshold", strategy);

    JsonValue edge = body.get("min_edge");
    String gateValue =
        "majority_baseline + "
            + (edge instanceof JsonNumber n ? n.bigDecimalValue().toPlainString() : "0.01");
    JsonArrayBuilder steps =
        Json.createArrayBuilder()
            .add(task("train", "model_training", train.build()))
            .add(
                Json.createObjectBuilder()
                    .add("id", "gate")
                    .add(
                        "gate",
                        Json.createObjectBuilder()
                            .add("step", "train")
                            .add("metric", "metrics.test.accuracy")
                            .add("op", ">=")
                            .add("value", gateValue)))
            .add(
                task(
                        "predict",
                        "prediction",
                        Json.createObjectBuilder(later)
                            .add("model_id", "${train.model_id}")
                            .build())
                    .add("depends_on", Json.createArrayBuilder().add("train").add("gate")))
            .add(
                task(
                        "backtest",
                        "backtest",
                        Json.createObjectBuilder(later)
                            .add("strategy", "ml_predictive")
                            .add("params", strategy)
                            .build())
                    .add("depends_on", Json.createArrayBuilder().add("train").add("predict")));
    JsonValue project = body.get("qc_project_id");
    if (project != null && project.getValueType() != JsonValue.ValueType.NULL) {
      steps.add(
          task(
                  "qc_backtest",
                  "qc_backtest",
                  Json.createObjectBuilder().add("project_id", project).build())
              .add("depends_on", Json.createArrayBuilder().add("backtest")));
    }
    return Json.createObjectBuilder()
        .add("name", text(body, "name", template + " " + symbol))
        .add("steps", steps)
        .build();
  }

  private static JsonObjectBuilder task(String id, String type, JsonObject parameters) {
    return Json.createObjectBuilder()
        .add("id", id)
        .add("task_type", type)
        .add("parameters", parameters);
  }

  private static void copy(JsonObject from, String field, JsonObjectBuilder to) {
    JsonValue v = from.get(field);
    if (v != null && v.getValueType() != JsonValue.ValueType.NULL) {
      to.add(field, v);
    }
  }

  private static String text(JsonObject body, String field, String fallback) {
    JsonValue v = body.get(field);
    if (v instanceof JsonString s) {
      return s.getString();
    }
    if (v == null && fallback != null) {
      return fallback;
    }
    throw new ProblemException.InvalidInput(field + ": is required: a string.");
  }
}
