package io.tasklane.pipelines;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parameter references to earlier steps' results: {@code "${train.model_id}"}. A string that is one
 * reference becomes the referenced value (a number stays a number); a reference inside a longer
 * string is replaced by the value's text.
 */
final class References {
  static final Pattern REFERENCE =
      Pattern.compile("\\$\\{([a-z][a-z0-9_]{0,63})\\.([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)}");

  private References() {}

  /** The step ids {@code parameters} refers to. */
  static Set<String> stepsIn(JsonValue parameters) {
    Set<String> steps = new LinkedHashSet<>();
    collect(parameters, steps);
    return steps;
  }

  private static void collect(JsonValue value, Set<String> steps) {
    switch (value.getValueType()) {
      case STRING -> {
        Matcher m = REFERENCE.matcher(((JsonString) value).getString());
        while (m.find()) {
          steps.add(m.group(1));
        }
      }
      case OBJECT -> value.asJsonObject().values().forEach(v -> collect(v, steps));
      case ARRAY -> value.asJsonArray().forEach(v -> collect(v, steps));
      default -> {}
    }
  }

  /**
   * {@code parameters} with every reference replaced from {@code results} (by step id); throws
   * {@link IllegalArgumentException} naming a reference whose value is missing.
   */
  static JsonObject resolve(JsonObject parameters, Map<String, JsonObject> results) {
    return resolveValue(parameters, results).asJsonObject();
  }

  private static JsonValue resolveValue(JsonValue value, Map<String, JsonObject> results) {
    switch (value.getValueType()) {
      case STRING -> {
        String text = ((JsonString) value).getString();
        Matcher whole = REFERENCE.matcher(text);
        if (whole.matches()) {
          return lookup(whole, results);
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean found = false;
        while (m.find()) {
          found = true;
          JsonValue v = lookup(m, results);
          String replacement =
              v.getValueType() == JsonValue.ValueType.STRING
                  ? ((JsonString) v).getString()
                  : v.toString();
          m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        if (!found) {
          return value;
        }
        m.appendTail(out);
        return Json.createValue(out.toString());
      }
      case OBJECT -> {
        JsonObjectBuilder b = Json.createObjectBuilder();
        value.asJsonObject().forEach((k, v) -> b.add(k, resolveValue(v, results)));
        return b.build();
      }
      case ARRAY -> {
        JsonArrayBuilder b = Json.createArrayBuilder();
        value.asJsonArray().forEach(v -> b.add(resolveValue(v, results)));
        return b.build();
      }
      default -> {
        return value;
      }
    }
  }

  private static JsonValue lookup(Matcher reference, Map<String, JsonObject> results) {
    String step = reference.group(1);
    String path = reference.group(2);
    JsonObject result = results.get(step);
    if (result == null) {
      throw new IllegalArgumentException(
          "${" + step + "." + path + "}: step " + step + " has no result");
    }
    return at(result, path)
        .filter(v -> v.getValueType() != JsonValue.ValueType.NULL)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "${" + step + "." + path + "}: step " + step + "'s result has no " + path));
  }

  /** The value at a dotted path of {@code root}, if there is one. */
  static Optional<JsonValue> at(JsonObject root, String path) {
    JsonValue current = root;
    for (String part : path.split("\\.")) {
      if (current.getValueType() != JsonValue.ValueType.OBJECT
          || !current.asJsonObject().containsKey(part)) {
        return Optional.empty();
      }
      current = current.asJsonObject().get(part);
    }
    return Optional.of(current);
  }
}
