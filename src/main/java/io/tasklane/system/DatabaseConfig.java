package io.tasklane.system;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code tasklane.db.*} as code sees it. The datasource itself reads {@code url}, {@code user} and
 * {@code password} through {@code ${MPCONFIG=...}} in {@link DatabaseMigration}'s definition, so
 * their defaults stay in microprofile-config.properties.
 */
@Dependent
@ConfigProperties(prefix = "tasklane.db")
public class DatabaseConfig {
  @ConfigProperty(name = "url")
  public String url;

  public boolean postgres() {
    return url.startsWith("jdbc:postgresql:");
  }
}
