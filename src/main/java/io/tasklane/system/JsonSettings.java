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
  private static final Jsonb JSONB = create();

  public static Jsonb create() {
    return JsonbBuilder.create(
        new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
            .withNullValues(true));
  }

  @Override
  public Jsonb getContext(Class<?> type) {
    return JSONB;
  }
}
