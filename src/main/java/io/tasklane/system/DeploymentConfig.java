package io.tasklane.system;

import jakarta.enterprise.context.Dependent;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The keys directly under {@code tasklane.}: where this instance keeps its files, its name and
 * development mode. {@code data-dir}'s default stays in microprofile-config.properties because
 * {@code ${tasklane.data-dir}} expressions there (database URL, public key) need it.
 */
@Dependent
@ConfigProperties(prefix = "tasklane")
public class DeploymentConfig {
  @ConfigProperty(name = "data-dir")
  public String dataDir;

  /** The name in this instance's leases; unset: the host name. */
  @ConfigProperty(name = "instance-name")
  public Optional<String> instanceName = Optional.empty();

  /** Relaxes the admission buffer and consumption factor, as in the seed system. */
  @ConfigProperty(name = "dev-mode", defaultValue = "false")
  public boolean devMode;
}
