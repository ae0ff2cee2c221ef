package io.tasklane.security;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code tasklane.security.*}. */
@Dependent
@ConfigProperties(prefix = "tasklane.security")
public class SecurityConfig {
  /** true: /metrics and /openapi answer without a token (a trusted network only). */
  @ConfigProperty(name = "public-metrics", defaultValue = "false")
  public boolean publicMetrics;
}
