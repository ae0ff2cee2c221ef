package io.tasklane.tasks;

import io.tasklane.system.ProblemException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a task's JSON parameters with precise 400 errors ("parameters.initial_capital: must be a
 * number greater than 0"), so every handler validates the same way.
 */
public final class ParameterReader {
  private static final Pattern DATE_TEXT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private final JsonObject json;
  private final String path;

  public ParameterReader(JsonObject json, String path) {
    this.json = json;
    this.path = path;
  }

  public static ParameterReader of(JsonObject parameters) {
    return new ParameterReader(parameters, "parameters");
  }

  /**
   * Refuses keys outside {@code allowed}, so a misspelt parameter is an error, not a silent
   * default.
   */
  public ParameterReader allowOnly(Set<String> allowed) {
    if (allowed.containsAll(json.keySet())) {
      return this;
    }
    Set<String> unknown = new TreeSet<>(json.keySet());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      throw invalid(
          unknown.iterator().next(),
          "unknown parameter; allowed: " + String.join(", ", new TreeSet<>(allowed)));
    }
    return this;
  }

  public String string(String name, String defaultValue, Pattern pattern, String expectation) {
    JsonValue value = json.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      if (defaultValue == null) {
        throw invalid(name, "is required (" + expectation + ")");
      }
      return defaultValue;
    }
    if (!(value instanceof JsonString text) || !pattern.matcher(text.getString()).matches()) {
      throw invalid(name, "must be " + expectation);
    }
    return text.getString();
  }

  public LocalDate date(String name) {
    String text = string(name, null, DATE_TEXT, "a date like 2024-01-31");
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw invalid(name, "is not a valid date: " + text);
    }
  }

  public double number(String name, double defaultValue, double minExclusive, double maxInclusive) {
    JsonValue value = json.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return defaultValue;
    }
    if (!(value instanceof JsonNumber number)) {
      throw invalid(name, "must be a number");
    }
    double v = number.doubleValue();
    if (!(v > minExclusive && v <= maxInclusive)) {
      throw invalid(
          name,
          "must be greater than " + plain(minExclusive) + " and at most " + plain(maxInclusive));
    }
    return v;
  }

  public int integer(String name, int defaultValue, int min, int max) {
    JsonValue value = json.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return defaultValue;
    }
    if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
      throw invalid(name, "must be an integer");
    }
    long v;
    try {
      v = number.longValueExact(); // longValue() wraps: 2^64 + 1 would read as 1
    } catch (ArithmeticException e) {
      v = number.bigDecimalValue().signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    if (v < min || v > max) {
      throw invalid(name, "must be between " + min + " and " + max);
    }
    return (int) v;
  }

  /** A JSON {@code true} or {@code false}; absent or null means {@code defaultValue}. */
  public boolean bool(String name, boolean defaultValue) {
    JsonValue value = json.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return defaultValue;
    }
    if (value.getValueType() == JsonValue.ValueType.TRUE) {
      return true;
    }
    if (value.getValueType() == JsonValue.ValueType.FALSE) {
      return false;
    }
    throw invalid(name, "must be true or false");
  }

  /** A nested object (absent means empty). */
  public ParameterReader object(String name) {
    JsonValue value = json.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return new ParameterReader(JsonValue.EMPTY_JSON_OBJECT, path + "." + name);
    }
    if (!(value instanceof JsonObject object)) {
      throw invalid(name, "must be a JSON object");
    }
    return new ParameterReader(object, path + "." + name);
  }

  public ProblemException.InvalidInput invalid(String name, String problem) {
    return new ProblemException.InvalidInput(path + "." + name + ": " + problem + ".");
  }

  private static String plain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }
}
