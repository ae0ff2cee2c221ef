package io.tasklane.tasks;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.Map;

/**
 * A finished task's result without its bulky parts: the scalar figures (return, Sharpe ratio, trade
 * count ...) are what a live view shows; the full result is at {@code GET /api/tasks/{id}}.
 */
public final class ResultSummary {
  private static final JsonProvider JSON = JsonProvider.provider();

  private ResultSummary() {}

  /**
   * Taken from the result as its handler built it: reading the stored text back to find these few
   * members was a sixteenth of a tiny backtest's server CPU (issue 25).
   */
  public static JsonObject of(JsonObject result) {
    JsonObjectBuilder summary = JSON.createObjectBuilder();
    for (Map.Entry<String, JsonValue> member : result.entrySet()) {
      JsonValue.ValueType type = member.getValue().getValueType();
      if (type != JsonValue.ValueType.ARRAY && type != JsonValue.ValueType.OBJECT) {
        summary.add(member.getKey(), member.getValue());
      }
    }
    return summary.build();
  }

  /** Read from a stored result; the arrays and objects are skipped, not built. */
  public static JsonObject of(String resultJson) {
    JsonObjectBuilder summary = JSON.createObjectBuilder();
    if (resultJson == null || resultJson.isBlank()) {
      return summary.build();
    }
    try (JsonParser parser = JSON.createParser(new StringReader(resultJson))) {
      if (parser.next() != JsonParser.Event.START_OBJECT) {
        return summary.build();
      }
      String key = null;
      for (JsonParser.Event event = parser.next();
          event != JsonParser.Event.END_OBJECT;
          event = parser.next()) {
        switch (event) {
          case KEY_NAME -> key = parser.getString();
          case START_ARRAY -> parser.skipArray();
          case START_OBJECT -> parser.skipObject();
          default -> summary.add(key, parser.getValue());
        }
      }
    }
    return summary.build();
  }
}
