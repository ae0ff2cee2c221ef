package io.tasklane.support;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds a {@code @ConfigProperties} class by hand the way the container would with nothing
 * configured: each field at its {@code defaultValue}, so unit tests run with the real defaults.
 */
public final class ConfigDefaults {
  private ConfigDefaults() {}

  public static <T> T of(Class<T> type) {
    try {
      T config = type.getDeclaredConstructor().newInstance();
      for (Field field : properties(type)) {
        String value = field.getAnnotation(ConfigProperty.class).defaultValue();
        if (!value.equals(ConfigProperty.UNCONFIGURED_VALUE)) {
          field.setAccessible(true);
          field.set(config, convert(value, field.getType()));
        }
      }
      return config;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Full key to default value ({@code null}: none in the class) of every property of the class. */
  public static Map<String, String> keys(Class<?> type) {
    String prefix = type.getAnnotation(ConfigProperties.class).prefix();
    Map<String, String> keys = new LinkedHashMap<>();
    for (Field field : properties(type)) {
      String value = field.getAnnotation(ConfigProperty.class).defaultValue();
      keys.put(
          prefix + "." + field.getAnnotation(ConfigProperty.class).name(),
          value.equals(ConfigProperty.UNCONFIGURED_VALUE) ? null : value);
    }
    return keys;
  }

  private static List<Field> properties(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Field field : type.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers())) {
        if (!field.isAnnotationPresent(ConfigProperty.class)) {
          throw new IllegalStateException(
              type.getSimpleName() + "." + field.getName() + " names no key");
        }
        fields.add(field);
      }
    }
    return fields;
  }

  private static Object convert(String value, Class<?> type) {
    if (type == int.class) {
      return Integer.parseInt(value);
    }
    if (type == long.class) {
      return Long.parseLong(value);
    }
    if (type == double.class) {
      return Double.parseDouble(value);
    }
    if (type == boolean.class) {
      return Boolean.parseBoolean(value);
    }
    if (type == LocalDate.class) {
      return LocalDate.parse(value);
    }
    if (type == List.class) {
      return Arrays.asList(value.split(","));
    }
    if (type == String.class) {
      return value;
    }
    throw new IllegalArgumentException("No conversion to " + type + " for " + value);
  }
}
