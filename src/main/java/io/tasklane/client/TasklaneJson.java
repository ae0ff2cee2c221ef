package io.tasklane.client;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The API's JSON: snake_case on the wire, camelCase in the records. Nulls are left out of requests,
 * so an optional field the caller did not set is not sent (the server refuses unexpected nulls).
 */
@Provider
public class TasklaneJson implements ContextResolver<Jsonb> {
  private static final class Shared {
    static final Jsonb JSONB = create();
  }

  public static Jsonb create() {
    return JsonbBuilder.create(
        new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES));
  }

  /** The one shared instance (a {@link Jsonb} is thread-safe and costly to build). */
  public static Jsonb jsonb() {
    return Shared.JSONB;
  }

  private static final java.util.regex.Pattern WORD_START =
      java.util.regex.Pattern.compile("([a-z0-9])([A-Z])");

  /** The wire name of a record component: {@code taskId} is {@code task_id}. */
  public static String wireName(String javaName) {
    return WORD_START.matcher(javaName).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public Jsonb getContext(Class<?> type) {
    return Shared.JSONB;
  }
}
