package io.tasklane.system;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * A JSON-P value as the exact text its own {@code toString()} gives, written straight into one
 * {@link StringBuilder}. JSON-P's writer went through a generator, a buffer pool and a {@code
 * StringWriter} and was a third of a tiny backtest's CPU (issue 25), its result being some 25 KB of
 * numbers. Numbers print as their own {@code toString()}, as JSON-P's writer prints them.
 */
public final class JsonText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonText() {}

  public static String of(JsonValue value) {
    StringBuilder text = new StringBuilder(4096);
    write(value, text);
    return text.toString();
  }

  static void write(JsonValue value, StringBuilder text) {
    if (value instanceof JsonTextArray written) {
      text.append(written.text());
      return;
    }
    switch (value.getValueType()) {
      case OBJECT -> {
        text.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonValue> member : ((JsonObject) value).entrySet()) {
          if (!first) {
            text.append(',');
          }
          first = false;
          string(member.getKey(), text);
          text.append(':');
          write(member.getValue(), text);
        }
        text.append('}');
      }
      case ARRAY -> {
        JsonArray array = (JsonArray) value;
        text.append('[');
        for (int i = 0, n = array.size(); i < n; i++) {
          if (i > 0) {
            text.append(',');
          }
          write(array.get(i), text);
        }
        text.append(']');
      }
      case STRING -> string(((JsonString) value).getString(), text);
      case NUMBER -> {
        if (value instanceof JsonDouble number) {
          number.appendTo(text);
        } else {
          text.append(value.toString());
        }
      }
      case TRUE -> text.append("true");
      case FALSE -> text.append("false");
      case NULL -> text.append("null");
    }
  }

  /** Quoted, escaping what JSON requires and nothing else, as JSON-P does. */
  static void string(String s, StringBuilder text) {
    text.append('"');
    int plainFrom = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      text.append(s, plainFrom, i);
      plainFrom = i + 1;
      switch (c) {
        case '"' -> text.append("\\\"");
        case '\\' -> text.append("\\\\");
        case '\b' -> text.append("\\b");
        case '\f' -> text.append("\\f");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        case '\t' -> text.append("\\t");
        default -> text.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    text.append(s, plainFrom, s.length()).append('"');
  }
}
