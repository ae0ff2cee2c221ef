package io.tasklane.security;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code tasklane.auth.throttle.*}: sign-in throttling per username and per client address. After
 * the free failures each attempt must come base-delay, then twice as long ... up to max-delay after
 * the one before. One early by at most hold-ms is answered late; earlier, 429 with Retry-After.
 * Failures are forgotten after forget-after.
 */
@Dependent
@ConfigProperties(prefix = "tasklane.auth.throttle")
public class ThrottleConfig {
  @ConfigProperty(name = "free-failures", defaultValue = "5")
  public int freeFailures;

  @ConfigProperty(name = "address-free-failures", defaultValue = "20")
  public int addressFreeFailures;

  @ConfigProperty(name = "base-delay-ms", defaultValue = "1000")
  public long baseDelayMs;

  @ConfigProperty(name = "max-delay-seconds", defaultValue = "900")
  public long maxDelaySeconds;

  @ConfigProperty(name = "hold-ms", defaultValue = "4000")
  public long holdMs;

  @ConfigProperty(name = "forget-after-seconds", defaultValue = "3600")
  public long forgetAfterSeconds;
}
