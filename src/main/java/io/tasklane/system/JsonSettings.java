package io.tasklane.system;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The wire uses snake_case (the seed's clients expect {@code task_id}) while Java records keep
 * camelCase; nulls are written so that every documented field is always present.
 */
@Provider
public class JsonSettings implements ContextResolver<Jsonb> {
  /** Created on first use, so code that needs only {@link #wireName} needs no JSON-B provider. */
  private static final class Shared {
    static final Jsonb JSONB = create();
  }

  public static Jsonb create() {
    return JsonbBuilder.create(
        new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
            .withNullValues(true));
  }

  private static final java.util.regex.Pattern WORD_START =
      java.util.regex.Pattern.compile("([a-z0-9])([A-Z])");

  /**
   * The wire name of a Java property under {@link
   * PropertyNamingStrategy#LOWER_CASE_WITH_UNDERSCORES} ({@code timeoutSeconds} is {@code
   * timeout_seconds}), for code that names fields to clients or checks the fields they send.
   */
  public static String wireName(String javaName) {
    return WORD_START.matcher(javaName).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public Jsonb getContext(Class<?> type) {
    return Shared.JSONB;
  }
}
