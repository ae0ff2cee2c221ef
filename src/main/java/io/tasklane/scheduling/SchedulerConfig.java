package io.tasklane.scheduling;

import jakarta.enterprise.context.Dependent;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code tasklane.scheduler.*}: the admission sweep, leases and local concurrency. */
@Dependent
@ConfigProperties(prefix = "tasklane.scheduler")
public class SchedulerConfig {
  /** Periodic sweep (sampling, admission), recovery and timeouts. */
  @ConfigProperty(name = "interval-ms", defaultValue = "1000")
  public long intervalMs;

  /** How long a running task's lease lasts without renewal (renewed every third of it). */
  @ConfigProperty(name = "lease-seconds", defaultValue = "15")
  public long leaseSeconds;

  /** An optional hard cap on local tasks per instance, on top of the resource rule. */
  @ConfigProperty(name = "local-concurrency")
  public Optional<Integer> localConcurrency = Optional.empty();

  /** Once the first blocked task has waited this long, later tasks stop overtaking it. */
  @ConfigProperty(name = "starvation-seconds", defaultValue = "60")
  public long starvationSeconds;
}
