package io.tasklane.quantconnect.sandbox;

import jakarta.enterprise.context.Dependent;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code tasklane.quantconnect.sandbox.*}: the simulator's durations and its HTTP face. */
@Dependent
@ConfigProperties(prefix = "tasklane.quantconnect.sandbox")
public class SandboxConfig {
  /** The sandbox's HTTP face (/api/quantconnect-sandbox/v2/...) for tests and integrations. */
  @ConfigProperty(name = "http-enabled", defaultValue = "false")
  public boolean httpEnabled;

  /** The credentials the HTTP face checks signatures against; unset: the lane's own. */
  @ConfigProperty(name = "user-id")
  public Optional<String> userId = Optional.empty();

  @ConfigProperty(name = "api-token")
  public Optional<String> apiToken = Optional.empty();

  @ConfigProperty(name = "compile-ms", defaultValue = "800")
  public long compileMs;

  @ConfigProperty(name = "backtest-ms", defaultValue = "20000")
  public long backtestMs;
}
