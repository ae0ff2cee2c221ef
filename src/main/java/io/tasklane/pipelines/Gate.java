package io.tasklane.pipelines;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A gate on a step's result: {@code metric op value}, where the metric is a dotted path into the
 * result ({@code metrics.test.accuracy}) and the value a number or a {@link GateExpression}. Names
 * in the expression are looked up beside the metric first ({@code majority_baseline} next to {@code
 * accuracy}), then from the result's root.
 */
record Gate(String step, String metric, String op, String value) {
  static final Set<String> OPERATORS = Set.of(">=", ">", "<=", "<", "==");

  /** Whether the gate lets the pipeline on, and the comparison in words. */
  record Verdict(boolean passed, String detail) {}

  Gate {
    if (!OPERATORS.contains(op)) {
      throw new IllegalArgumentException("op must be one of >=, >, <=, <, ==, not '" + op + "'");
    }
    GateExpression.parse(value);
  }

  /** Every result path the gate reads: the metric and the names of its value, as looked up. */
  List<String> names() {
    List<String> names = new ArrayList<>();
    names.add(metric);
    GateExpression.parse(value).names(names);
    return names;
  }

  Verdict evaluate(JsonObject result) {
    double actual =
        number(result, metric)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "step " + step + "'s result has no number " + metric));
    double threshold = GateExpression.parse(value).value(name -> lookup(result, name));
    boolean passed =
        switch (op) {
          case ">=" -> actual >= threshold;
          case ">" -> actual > threshold;
          case "<=" -> actual <= threshold;
          case "<" -> actual < threshold;
          default -> Math.abs(actual - threshold) <= 1e-12 * Math.max(1, Math.abs(threshold));
        };
    String detail =
        metric
            + " "
            + round(actual)
            + (passed ? " " + op + " " : " is not " + op + " ")
            + round(threshold)
            + (isNumber(value) ? "" : " (" + value + ")");
    return new Verdict(passed, detail);
  }

  /** A name beside the metric, else from the root. */
  Optional<Double> lookup(JsonObject result, String name) {
    int dot = metric.lastIndexOf('.');
    if (dot > 0) {
      Optional<Double> beside = number(result, metric.substring(0, dot) + "." + name);
      if (beside.isPresent()) {
        return beside;
      }
    }
    return number(result, name);
  }

  static Optional<Double> number(JsonObject result, String path) {
    return References.at(result, path)
        .filter(v -> v.getValueType() == JsonValue.ValueType.NUMBER)
        .map(v -> ((JsonNumber) v).doubleValue());
  }

  JsonObject toJson() {
    return Json.createObjectBuilder()
        .add("step", step)
        .add("metric", metric)
        .add("op", op)
        .add("value", value)
        .build();
  }

  static Gate of(JsonObject json) {
    return new Gate(
        json.getString("step"),
        json.getString("metric"),
        json.getString("op"),
        json.getString("value"));
  }

  private static boolean isNumber(String text) {
    try {
      Double.parseDouble(text.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String round(double v) {
    return java.math.BigDecimal.valueOf(v)
        .setScale(6, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
