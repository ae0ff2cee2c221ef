package io.tasklane.pipelines;

import io.tasklane.system.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A checked pipeline: its name and its steps in an order where every step comes after those it
 * depends on. Each refusal is a 400 that names the step ({@code steps[predict].depends_on: ...}).
 */
record PipelineDefinition(String name, List<Step> steps) {
  static final int MAX_STEPS = 50;
  private static final Pattern STEP_ID = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Set<String> STEP_FIELDS =
      Set.of("id", "task_type", "parameters", "depends_on", "gate");
  private static final Set<String> GATE_FIELDS = Set.of("step", "metric", "op", "value");

  /**
   * Result fields known per task type: a gate on such a step must name one. Types not listed are
   * checked when the gate is evaluated.
   */
  static final Map<String, Set<String>> KNOWN_METRICS =
      Map.of("model_training", modelTrainingMetrics());

  /**
   * A step: a task ({@code taskType} and {@code parameters}) or a gate. {@code dependsOn} is every
   * step it waits for, a gate's own step included.
   */
  record Step(
      String id, String taskType, JsonObject parameters, List<String> dependsOn, Gate gate) {
    boolean isGate() {
      return gate != null;
    }
  }

  static PipelineDefinition parse(JsonObject body, Set<String> taskTypes) {
    Set<String> allowed = Set.of("name", "steps");
    for (String field : body.keySet()) {
      if (!allowed.contains(field)) {
        throw invalid(field + ": unknown field; a pipeline has name and steps (or a template).");
      }
    }
    String name = string(body, "name", "name");
    if (name.isBlank() || name.length() > 200) {
      throw invalid("name: must be 1 to 200 characters.");
    }
    JsonValue stepsValue = body.get("steps");
    if (stepsValue == null || stepsValue.getValueType() != JsonValue.ValueType.ARRAY) {
      throw invalid("steps: is required: an array of steps.");
    }
    JsonArray array = stepsValue.asJsonArray();
    if (array.isEmpty() || array.size() > MAX_STEPS) {
      throw invalid("steps: must hold 1 to " + MAX_STEPS + " steps, not " + array.size() + ".");
    }
    Map<String, Step> byId = new LinkedHashMap<>();
    for (int i = 0; i < array.size(); i++) {
      Step step = step(array.get(i), i, taskTypes);
      if (byId.putIfAbsent(step.id(), step) != null) {
        throw invalid("steps[" + step.id() + "].id: two steps have this id.");
      }
    }
    for (Step step : byId.values()) {
      checkReferences(step, byId);
    }
    return new PipelineDefinition(name, ordered(byId));
  }

  private static Step step(JsonValue value, int index, Set<String> taskTypes) {
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw invalid("steps[" + index + "]: must be an object.");
    }
    JsonObject json = value.asJsonObject();
    String id = string(json, "id", "steps[" + index + "].id");
    if (!STEP_ID.matcher(id).matches()) {
      throw invalid(
          "steps["
              + index
              + "].id: '"
              + id
              + "' must be lower-case letters, digits and '_', starting with a letter.");
    }
    String at = "steps[" + id + "]";
    for (String field : json.keySet()) {
      if (!STEP_FIELDS.contains(field)) {
        throw invalid(at + "." + field + ": unknown field.");
      }
    }
    List<String> dependsOn = new ArrayList<>();
    JsonValue deps = json.get("depends_on");
    if (deps != null && deps.getValueType() != JsonValue.ValueType.NULL) {
      if (deps.getValueType() != JsonValue.ValueType.ARRAY) {
        throw invalid(at + ".depends_on: must be an array of step ids.");
      }
      for (JsonValue dep : deps.asJsonArray()) {
        if (dep.getValueType() != JsonValue.ValueType.STRING) {
          throw invalid(at + ".depends_on: must be an array of step ids.");
        }
        String d = ((JsonString) dep).getString();
        if (!dependsOn.contains(d)) {
          dependsOn.add(d);
        }
      }
    }
    boolean isGate = json.containsKey("gate");
    if (isGate == json.containsKey("task_type")) {
      throw invalid(at + ": a step has either a task_type or a gate.");
    }
    if (isGate) {
      if (json.containsKey("parameters")) {
        throw invalid(at + ".parameters: a gate has no parameters.");
      }
      Gate gate = gate(json.get("gate"), at + ".gate");
      if (!dependsOn.contains(gate.step())) {
        dependsOn.add(0, gate.step());
      }
      return new Step(id, null, null, List.copyOf(dependsOn), gate);
    }
    String type = string(json, "task_type", at + ".task_type");
    if (!taskTypes.contains(type)) {
      throw invalid(
          at + ".task_type: unknown task type '" + type + "'; use one of " + taskTypes + ".");
    }
    JsonValue parameters = json.get("parameters");
    if (parameters == null || parameters.getValueType() == JsonValue.ValueType.NULL) {
      parameters = JsonValue.EMPTY_JSON_OBJECT;
    }
    if (parameters.getValueType() != JsonValue.ValueType.OBJECT) {
      throw invalid(at + ".parameters: must be a JSON object.");
    }
    return new Step(id, type, parameters.asJsonObject(), List.copyOf(dependsOn), null);
  }

  private static Gate gate(JsonValue value, String at) {
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw invalid(at + ": must be an object {step, metric, op, value}.");
    }
    JsonObject json = value.asJsonObject();
    for (String field : json.keySet()) {
      if (!GATE_FIELDS.contains(field)) {
        throw invalid(at + "." + field + ": unknown field; a gate has step, metric, op, value.");
      }
    }
    String step = string(json, "step", at + ".step");
    String metric = string(json, "metric", at + ".metric");
    if (!metric.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*")) {
      throw invalid(at + ".metric: '" + metric + "' must be a dotted path into the step's result.");
    }
    String op = string(json, "op", at + ".op");
    JsonValue v = json.get("value");
    String expression;
    if (v instanceof JsonNumber number) {
      expression = number.bigDecimalValue().toPlainString();
    } else if (v instanceof JsonString text) {
      expression = text.getString();
    } else {
      throw invalid(at + ".value: is required: a number or an expression such as 'x + 0.01'.");
    }
    try {
      return new Gate(step, metric, op, expression);
    } catch (IllegalArgumentException e) {
      String field = Gate.OPERATORS.contains(op) ? ".value: '" + expression + "' " : ".";
      throw invalid(at + field + e.getMessage() + ".");
    }
  }

  private static void checkReferences(Step step, Map<String, Step> byId) {
    String at = "steps[" + step.id() + "]";
    for (String dep : step.dependsOn()) {
      if (!byId.containsKey(dep)) {
        throw invalid(
            at
                + (step.isGate() && dep.equals(step.gate().step()) ? ".gate.step" : ".depends_on")
                + ": unknown step '"
                + dep
                + "'.");
      }
      if (dep.equals(step.id())) {
        throw invalid(at + ".depends_on: a step cannot depend on itself.");
      }
    }
    if (step.isGate()) {
      Step target = byId.get(step.gate().step());
      if (target.isGate()) {
        throw invalid(
            at + ".gate.step: '" + target.id() + "' is a gate; a gate reads a task's result.");
      }
      Set<String> known = KNOWN_METRICS.get(target.taskType());
      if (known != null) {
        for (String name : step.gate().names()) {
          boolean found =
              known.contains(name)
                  || (step.gate().metric().contains(".")
                      && known.contains(
                          step.gate().metric().substring(0, step.gate().metric().lastIndexOf('.'))
                              + "."
                              + name));
          if (!found) {
            throw invalid(
                at
                    + ".gate: unknown metric '"
                    + name
                    + "' of a "
                    + target.taskType()
                    + " result; known: "
                    + known
                    + ".");
          }
        }
      }
    }
  }

  /** Steps in dependency order (stable otherwise); a cycle is refused naming a step on it. */
  private static List<Step> ordered(Map<String, Step> byId) {
    List<Step> order = new ArrayList<>();
    Set<String> done = new HashSet<>();
    Set<String> visiting = new LinkedHashSet<>();
    for (Step step : byId.values()) {
      visit(step, byId, done, visiting, order);
    }
    // References may name only steps the step waits for, directly or through others.
    Map<String, Set<String>> ancestors = new HashMap<>();
    for (Step step : order) {
      Set<String> all = new HashSet<>();
      for (String dep : step.dependsOn()) {
        all.add(dep);
        all.addAll(ancestors.get(dep));
      }
      ancestors.put(step.id(), all);
      if (!step.isGate()) {
        for (String referred : References.stepsIn(step.parameters())) {
          if (!byId.containsKey(referred)) {
            throw invalid(
                "steps[" + step.id() + "].parameters: refers to unknown step '" + referred + "'.");
          }
          if (!all.contains(referred)) {
            throw invalid(
                "steps["
                    + step.id()
                    + "].parameters: refers to step '"
                    + referred
                    + "', which it does not depend on; add it to depends_on.");
          }
          if (byId.get(referred).isGate()) {
            throw invalid(
                "steps["
                    + step.id()
                    + "].parameters: '"
                    + referred
                    + "' is a gate; it has no result.");
          }
        }
      }
    }
    return List.copyOf(order);
  }

  private static void visit(
      Step step, Map<String, Step> byId, Set<String> done, Set<String> visiting, List<Step> order) {
    if (done.contains(step.id())) {
      return;
    }
    if (!visiting.add(step.id())) {
      List<String> path = new ArrayList<>(visiting);
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(step.id()), path.size()));
      cycle.add(step.id());
      throw invalid(
          "steps[" + step.id() + "].depends_on: a cycle: " + String.join(" -> ", cycle) + ".");
    }
    for (String dep : step.dependsOn()) {
      visit(byId.get(dep), byId, done, visiting, order);
    }
    visiting.remove(step.id());
    done.add(step.id());
    order.add(step);
  }

  private static String string(JsonObject json, String field, String at) {
    JsonValue v = json.get(field);
    if (v == null || v.getValueType() != JsonValue.ValueType.STRING) {
      throw invalid(at + ": is required: a string.");
    }
    return ((JsonString) v).getString();
  }

  private static Set<String> modelTrainingMetrics() {
    Set<String> names = new HashSet<>(Set.of("version", "train_rows", "test_rows", "model_bytes"));
    for (String part : List.of("test", "train")) {
      for (String m : List.of("accuracy", "auc", "log_loss", "rows", "majority_baseline")) {
        names.add("metrics." + part + "." + m);
      }
    }
    return Set.copyOf(names);
  }

  static ProblemException invalid(String detail) {
    return new ProblemException.InvalidInput(detail);
  }

  /** The steps as stored JSON (for the definition's echo in views). */
  static JsonArray dependsOnJson(List<String> ids) {
    var b = Json.createArrayBuilder();
    ids.forEach(b::add);
    return b.build();
  }
}
