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

  /**
   * H2 only: compact the database file when the application stops. H2 reuses the space of deleted
   * rows while it runs but only gives it back to the disk on close.
   */
  @ConfigProperty(name = "compact-on-stop", defaultValue = "true")
  public boolean compactOnStop;

  public boolean h2() {
    return url.startsWith("jdbc:h2:");
  }

  public boolean postgres() {
    return url.startsWith("jdbc:postgresql:");
  }
}
