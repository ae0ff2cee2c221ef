package io.tasklane.quantconnect;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A backtest as {@code backtests/read}, {@code create} and {@code list} describe it.
 *
 * @param statistics the headline figures, or null while QuantConnect has not filled them in (right
 *     after completion it may still send an empty list)
 */
public record QuantConnectBacktest(
    String backtestId,
    String name,
    String created,
    String status,
    boolean completed,
    double progress,
    String error,
    String stacktrace,
    Map<String, String> statistics,
    Map<String, String> runtimeStatistics) {

  static QuantConnectBacktest of(JsonObject json) {
    if (json == null) {
      throw new QuantConnectFailure.Unavailable(
          "QuantConnect sent no backtest in its answer", null);
    }
    return new QuantConnectBacktest(
        text(json, "backtestId"),
        text(json, "name"),
        text(json, "created"),
        text(json, "status"),
        json.getBoolean("completed", false),
        json.get("progress") instanceof JsonNumber n ? n.doubleValue() : 0,
        blankToNull(text(json, "error")),
        blankToNull(text(json, "stacktrace")),
        map(json.get("statistics")),
        map(json.get("runtimeStatistics")));
  }

  /** QuantConnect's own test: an error or stack trace, or {@code completed}. */
  public boolean finished() {
    return completed || failed();
  }

  public boolean failed() {
    return error != null || stacktrace != null || "Runtime Error".equals(status);
  }

  public int percent() {
    return (int) Math.round(Math.max(0, Math.min(1, progress)) * 100);
  }

  private static String text(JsonObject json, String key) {
    JsonValue value = json.get(key);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    return value instanceof JsonString s ? s.getString() : value.toString();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static Map<String, String> map(JsonValue value) {
    if (!(value instanceof JsonObject object) || object.isEmpty()) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    object.forEach((k, v) -> out.put(k, v instanceof JsonString s ? s.getString() : v.toString()));
    return Collections.unmodifiableMap(out);
  }
}
