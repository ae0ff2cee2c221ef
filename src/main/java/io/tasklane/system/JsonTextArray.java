package io.tasklane.system;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.AbstractList;
import java.util.List;

/**
 * A JSON array made as its text: {@link JsonText} writes the text as it is, and its elements are
 * parsed from it only if something reads them. A backtest's result holds four arrays of up to 500
 * points each; as JSON-P trees (a builder's list, a value object a point, then a walk to write
 * them) they cost a tiny task more than its run did (issue 25), and nothing reads them before they
 * are stored. The text is what JSON-P's writer prints for the same values.
 */
public final class JsonTextArray extends AbstractList<JsonValue> implements JsonArray {
  private static final JsonProvider JSON = JsonProvider.provider();

  private final String text;
  private volatile JsonArray parsed;

  private JsonTextArray(String text) {
    this.text = text;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Appends elements as text; only {@link #build} ends the array. */
  public static final class Builder {
    private final StringBuilder text = new StringBuilder(1024).append('[');
    private boolean empty = true;

    private StringBuilder next() {
      if (!empty) {
        text.append(',');
      }
      empty = false;
      return text;
    }

    public Builder add(JsonDouble number) {
      number.appendTo(next());
      return this;
    }

    public Builder add(String string) {
      JsonText.string(string, next());
      return this;
    }

    /** A two-element array, such as a point's time and value. */
    public Builder addPair(String first, JsonDouble second) {
      JsonText.string(first, next().append('['));
      second.appendTo(text.append(','));
      text.append(']');
      return this;
    }

    public JsonTextArray build() {
      return new JsonTextArray(text.append(']').toString());
    }
  }

  String text() {
    return text;
  }

  private JsonArray parsed() {
    JsonArray array = parsed;
    if (array == null) {
      try (JsonReader reader = JSON.createReader(new StringReader(text))) {
        array = reader.readArray();
      }
      parsed = array;
    }
    return array;
  }

  @Override
  public ValueType getValueType() {
    return ValueType.ARRAY;
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public JsonValue get(int index) {
    return parsed().get(index);
  }

  @Override
  public int size() {
    return parsed().size();
  }

  @Override
  public JsonObject getJsonObject(int index) {
    return parsed().getJsonObject(index);
  }

  @Override
  public JsonArray getJsonArray(int index) {
    return parsed().getJsonArray(index);
  }

  @Override
  public JsonNumber getJsonNumber(int index) {
    return parsed().getJsonNumber(index);
  }

  @Override
  public JsonString getJsonString(int index) {
    return parsed().getJsonString(index);
  }

  @Override
  public <T extends JsonValue> List<T> getValuesAs(Class<T> type) {
    return parsed().getValuesAs(type);
  }

  @Override
  public String getString(int index) {
    return parsed().getString(index);
  }

  @Override
  public String getString(int index, String defaultValue) {
    return parsed().getString(index, defaultValue);
  }

  @Override
  public int getInt(int index) {
    return parsed().getInt(index);
  }

  @Override
  public int getInt(int index, int defaultValue) {
    return parsed().getInt(index, defaultValue);
  }

  @Override
  public boolean getBoolean(int index) {
    return parsed().getBoolean(index);
  }

  @Override
  public boolean getBoolean(int index, boolean defaultValue) {
    return parsed().getBoolean(index, defaultValue);
  }

  @Override
  public boolean isNull(int index) {
    return parsed().isNull(index);
  }
}
