package io.tasklane.system;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbTransient;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks every JSON request body with JSON-P against the Java type it is about to be bound to,
 * before JSON-B sees it: JSON-B is lenient (it wraps {@code 4294967301} into an {@code int},
 * truncates {@code 1.5}, unwraps {@code [5]}, reads {@code "5"} as a number, ignores unknown fields
 * and trailing bytes), and what it silently changes would be stored. Refused with a 400 problem:
 * syntax errors, content after the JSON value, nesting deeper than {@link #MAX_DEPTH}, a value of
 * the wrong JSON type, numbers outside the target type's range and unknown fields of an object.
 */
@Provider
public class StrictJsonReader implements ReaderInterceptor {
  /** Far above any legitimate body; deep enough input would otherwise overflow the stack. */
  public static final int MAX_DEPTH = 32;

  static final String NOT_JSON = "The request body is not valid JSON for this endpoint: ";

  private static final JsonParserFactory PARSERS =
      JsonProvider.provider().createParserFactory(null);
  private static final BigDecimal DOUBLE_MAX = new BigDecimal(Double.MAX_VALUE);
  private static final BigDecimal FLOAT_MAX = new BigDecimal(Float.MAX_VALUE);

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    if (!isJson(context.getMediaType())) {
      return context.proceed();
    }
    byte[] body = context.getInputStream().readAllBytes();
    if (!isBlank(body)) {
      check(body, context.getGenericType() == null ? context.getType() : context.getGenericType());
    }
    context.setInputStream(new ByteArrayInputStream(body));
    return context.proceed();
  }

  static boolean isJson(MediaType type) {
    return type != null
        && (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
            || type.getSubtype().endsWith("+json"));
  }

  /** Parses {@code body} strictly and checks it against {@code target}; throws when refused. */
  public static JsonValue check(byte[] body, Type target) {
    JsonValue value = parse(body);
    Class<?> raw = raw(target);
    if (raw == String.class || raw == byte[].class || raw == Object.class) {
      return value; // raw readers: nothing to bind
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT
        && (JsonObject.class.isAssignableFrom(raw) || isBean(raw))) {
      throw new ProblemException.InvalidInput(
          NOT_JSON + "expected a JSON object, not " + describe(value) + ".");
    }
    checkValue(value, target, null);
    return value;
  }

  /** One JSON value and nothing after it, nested at most {@link #MAX_DEPTH} deep. */
  static JsonValue parse(byte[] body) {
    try {
      // A streaming pass first: it needs no stack, so deep nesting is refused, not overflowed.
      try (JsonParser scan = PARSERS.createParser(utf8(body))) {
        int depth = 0;
        do {
          JsonParser.Event event = scan.next();
          if (event == JsonParser.Event.START_OBJECT || event == JsonParser.Event.START_ARRAY) {
            if (++depth > MAX_DEPTH) {
              throw new ProblemException.InvalidInput(
                  NOT_JSON + "nested deeper than " + MAX_DEPTH + " levels.");
            }
          } else if (event == JsonParser.Event.END_OBJECT || event == JsonParser.Event.END_ARRAY) {
            depth--;
          }
        } while (depth > 0);
        if (trailing(scan)) {
          throw new ProblemException.InvalidInput(
              NOT_JSON + "unexpected content after the JSON value.");
        }
      }
      try (JsonParser read = PARSERS.createParser(utf8(body))) {
        read.next();
        return read.getValue();
      }
    } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
      throw new ProblemException.InvalidInput(NOT_JSON + firstLine(e.getMessage()) + ".");
    }
  }

  /**
   * RFC 8259: JSON between systems is UTF-8 (auto-detection needs four bytes, {@code 5} has one).
   */
  private static java.io.Reader utf8(byte[] body) {
    return new java.io.InputStreamReader(
        new ByteArrayInputStream(body), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static boolean trailing(JsonParser scan) {
    try {
      return scan.hasNext();
    } catch (JsonException e) {
      return true; // the parser could not even tokenise what follows
    }
  }

  private static void checkValue(JsonValue value, Type target, String path) {
    Class<?> raw = raw(target);
    JsonValue.ValueType type = value.getValueType();
    if (JsonValue.class.isAssignableFrom(raw)) {
      boolean fits =
          raw == JsonValue.class
              || (raw == JsonObject.class && type == JsonValue.ValueType.OBJECT)
              || (raw == JsonArray.class && type == JsonValue.ValueType.ARRAY)
              || (raw == JsonStructure.class && value instanceof JsonStructure)
              || (raw == JsonString.class && type == JsonValue.ValueType.STRING)
              || (raw == JsonNumber.class && type == JsonValue.ValueType.NUMBER);
      if (!fits) {
        throw wrong(path, "a JSON " + raw.getSimpleName().substring(4).toLowerCase(), value);
      }
      return;
    }
    if (type == JsonValue.ValueType.NULL) {
      if (raw.isPrimitive()) {
        throw wrong(path, "a value", value);
      }
      return; // absent and null are the same to JSON-B; Bean Validation says when it is required
    }
    Class<?> boxed = box(raw);
    if (boxed == Boolean.class) {
      if (type != JsonValue.ValueType.TRUE && type != JsonValue.ValueType.FALSE) {
        throw wrong(path, "true or false", value);
      }
    } else if (Number.class.isAssignableFrom(boxed)) {
      checkNumber(value, boxed, path);
    } else if (boxed == String.class
        || boxed == Character.class
        || raw.isEnum()
        || raw.getName().startsWith("java.time.")
        || raw == java.util.UUID.class) {
      if (type != JsonValue.ValueType.STRING) {
        throw wrong(path, "a string", value);
      }
      if (raw == java.util.UUID.class && !isUuid(((JsonString) value).getString())) {
        // JSON-B would fail on it after this check, with no answer naming the field.
        throw new ProblemException.InvalidInput(label(path) + ": must be a UUID (a task id).");
      }
    } else if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
      if (type != JsonValue.ValueType.ARRAY) {
        throw wrong(path, "an array", value);
      }
      Type element = raw.isArray() ? raw.getComponentType() : typeArgument(target, 0);
      int i = 0;
      for (JsonValue item : value.asJsonArray()) {
        checkValue(item, element, (path == null ? "" : path) + "[" + i++ + "]");
      }
    } else if (Map.class.isAssignableFrom(raw)) {
      if (type != JsonValue.ValueType.OBJECT) {
        throw wrong(path, "a JSON object", value);
      }
      Type element = typeArgument(target, 1);
      for (Map.Entry<String, JsonValue> entry : value.asJsonObject().entrySet()) {
        checkValue(entry.getValue(), element, join(path, entry.getKey()));
      }
    } else if (isBean(raw)) {
      if (type != JsonValue.ValueType.OBJECT) {
        throw wrong(path, "a JSON object", value);
      }
      checkFields(value.asJsonObject(), raw, path);
    }
  }

  private static void checkFields(JsonObject object, Class<?> type, String path) {
    Map<String, Type> properties = properties(type);
    for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
      Type property = properties.get(entry.getKey());
      if (property == null) {
        throw new ProblemException.InvalidInput(
            join(path, entry.getKey())
                + ": unknown field; allowed: "
                + String.join(", ", new TreeSet<>(properties.keySet()))
                + ".");
      }
      checkValue(entry.getValue(), property, join(path, entry.getKey()));
    }
  }

  private static void checkNumber(JsonValue value, Class<?> boxed, String path) {
    boolean integral =
        boxed == Integer.class
            || boxed == Long.class
            || boxed == Short.class
            || boxed == Byte.class
            || boxed == BigInteger.class;
    if (!(value instanceof JsonNumber number)) {
      throw wrong(path, integral ? "an integer" : "a number", value);
    }
    BigDecimal n = number.bigDecimalValue();
    if (integral && n.signum() != 0 && n.stripTrailingZeros().scale() > 0) {
      throw wrong(path, "an integer", value);
    }
    BigDecimal limit =
        boxed == Integer.class
            ? BigDecimal.valueOf(Integer.MAX_VALUE)
            : boxed == Long.class
                ? BigDecimal.valueOf(Long.MAX_VALUE)
                : boxed == Short.class
                    ? BigDecimal.valueOf(Short.MAX_VALUE)
                    : boxed == Byte.class
                        ? BigDecimal.valueOf(Byte.MAX_VALUE)
                        : boxed == Double.class
                            ? DOUBLE_MAX
                            : boxed == Float.class ? FLOAT_MAX : null;
    // Integer ranges are asymmetric by one: MIN_VALUE is -(MAX_VALUE + 1).
    BigDecimal lowest =
        limit == null ? null : integral ? limit.negate().subtract(BigDecimal.ONE) : limit.negate();
    if (limit != null && (n.compareTo(limit) > 0 || n.compareTo(lowest) < 0)) {
      throw new ProblemException.InvalidInput(
          label(path) + ": " + abbreviate(n.toString()) + " is out of range.");
    }
  }

  /**
   * Found once a class: a batch of 250 tasks checked its task type 250 times, each by reflection
   * and a regular expression a name (a twelfth of a batch submission's CPU, issue 25).
   */
  private static final ClassValue<Map<String, Type>> PROPERTIES =
      new ClassValue<>() {
        @Override
        protected Map<String, Type> computeValue(Class<?> type) {
          return Collections.unmodifiableMap(findProperties(type));
        }
      };

  /** The JSON names JSON-B binds for {@code type}, each with the Java type it binds to. */
  static Map<String, Type> properties(Class<?> type) {
    return PROPERTIES.get(type);
  }

  private static Map<String, Type> findProperties(Class<?> type) {
    Map<String, Type> properties = new TreeMap<>();
    if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        properties.put(
            name(component.getName(), component.getAccessor()), component.getGenericType());
      }
      return properties;
    }
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isPublic(modifiers)
            && !Modifier.isStatic(modifiers)
            && !Modifier.isTransient(modifiers)
            && !field.isAnnotationPresent(JsonbTransient.class)) {
          properties.putIfAbsent(name(field.getName(), field), field.getGenericType());
        }
      }
    }
    for (Method method : type.getMethods()) {
      if (method.getName().length() > 3
          && method.getName().startsWith("set")
          && method.getParameterCount() == 1
          && !Modifier.isStatic(method.getModifiers())
          && !method.isAnnotationPresent(JsonbTransient.class)) {
        String bean =
            Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4);
        properties.putIfAbsent(name(bean, method), method.getGenericParameterTypes()[0]);
      }
    }
    return properties;
  }

  private static String name(String javaName, java.lang.reflect.AnnotatedElement element) {
    JsonbProperty named = element.getAnnotation(JsonbProperty.class);
    return named != null && !named.value().isEmpty()
        ? named.value()
        : JsonSettings.wireName(javaName);
  }

  /** A class JSON-B binds field by field: the application's own request types. */
  private static boolean isBean(Class<?> raw) {
    return !raw.isPrimitive()
        && !raw.isArray()
        && !raw.isInterface()
        && !raw.isEnum()
        && !raw.getName().startsWith("java.")
        && !raw.getName().startsWith("jakarta.");
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    return Object.class; // type variables and wildcards: not checked
  }

  private static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
      return p.getActualTypeArguments()[index];
    }
    return Object.class;
  }

  private static Class<?> box(Class<?> raw) {
    if (!raw.isPrimitive()) {
      return raw;
    }
    return switch (raw.getName()) {
      case "int" -> Integer.class;
      case "long" -> Long.class;
      case "short" -> Short.class;
      case "byte" -> Byte.class;
      case "double" -> Double.class;
      case "float" -> Float.class;
      case "boolean" -> Boolean.class;
      case "char" -> Character.class;
      default -> raw;
    };
  }

  private static boolean isUuid(String text) {
    return text.matches(
        "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  }

  private static ProblemException.InvalidInput wrong(String path, String expected, JsonValue got) {
    return new ProblemException.InvalidInput(
        label(path) + ": must be " + expected + ", not " + describe(got) + ".");
  }

  private static String describe(JsonValue value) {
    return switch (value.getValueType()) {
          case OBJECT -> "an object";
          case ARRAY -> "an array";
          case STRING -> "a string";
          case NUMBER -> ((JsonNumber) value).isIntegral() ? "the integer " : "the number ";
          case TRUE, FALSE -> "a boolean";
          case NULL -> "null";
        }
        + (value.getValueType() == JsonValue.ValueType.NUMBER ? abbreviate(value.toString()) : "");
  }

  private static String label(String path) {
    return path == null ? "request body" : path;
  }

  private static String join(String path, String name) {
    return path == null ? name : path + "." + name;
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
