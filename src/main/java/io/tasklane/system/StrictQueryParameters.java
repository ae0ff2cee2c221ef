package io.tasklane.system;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Numeric and boolean query parameters read strictly: {@code size=abc} or {@code page=1e9} is a 400
 * problem naming the parameter (Jersey answers 404 for an unconvertible query parameter), and
 * {@code replace=yes} is refused rather than read as false. Ranges are checked by {@link
 * #requireBetween}, not by Bean Validation on the parameter: Payara's OpenAPI generator fails on a
 * constraint annotation on a query parameter (its first {@code /openapi} answer was a 500).
 */
@Provider
public class StrictQueryParameters implements ParamConverterProvider {
  @Override
  @SuppressWarnings("unchecked")
  public <T> ParamConverter<T> getConverter(
      Class<T> rawType, Type genericType, Annotation[] annotations) {
    String name = queryName(annotations);
    if (name == null) {
      return null;
    }
    if (rawType == int.class || rawType == Integer.class) {
      return (ParamConverter<T>)
          converter(
              text -> (int) parse(name, text, Integer.MIN_VALUE, Integer.MAX_VALUE),
              Object::toString);
    }
    if (rawType == long.class || rawType == Long.class) {
      return (ParamConverter<T>)
          converter(text -> parse(name, text, Long.MIN_VALUE, Long.MAX_VALUE), Object::toString);
    }
    if (rawType == boolean.class || rawType == Boolean.class) {
      return (ParamConverter<T>) converter(text -> bool(name, text), Object::toString);
    }
    return null;
  }

  /** Refuses {@code value} outside {@code [min, max]} with a 400 naming the parameter. */
  public static void requireBetween(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw invalid(name + ": must be between " + min + " and " + max + ".");
    }
  }

  static long parse(String name, String text, long min, long max) {
    long value;
    try {
      value = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw invalid(name + ": must be an integer, got '" + abbreviate(text) + "'.");
    }
    if (value < min || value > max) {
      throw invalid(name + ": " + value + " is out of range.");
    }
    return value;
  }

  static boolean bool(String name, String text) {
    return switch (text.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(name + ": must be true or false, got '" + abbreviate(text) + "'.");
    };
  }

  /**
   * Jersey wraps a converter's exception in its own 404; {@link ProblemMapper} finds this 400 in
   * the causes and answers it instead.
   */
  private static ProblemException invalid(String detail) {
    return new ProblemException.InvalidInput(detail);
  }

  private static String queryName(Annotation[] annotations) {
    if (annotations != null) {
      for (Annotation annotation : annotations) {
        if (annotation instanceof QueryParam query) {
          return query.value();
        }
      }
    }
    return null;
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }

  private static <T> ParamConverter<T> converter(
      java.util.function.Function<String, T> from, java.util.function.Function<T, String> to) {
    return new ParamConverter<>() {
      @Override
      public T fromString(String value) {
        if (value == null) {
          throw new IllegalArgumentException("no value");
        }
        return from.apply(value);
      }

      @Override
      public String toString(T value) {
        return to.apply(value);
      }
    };
  }
}
