package io.tasklane.quantconnect;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while QuantConnect rejects the configured credentials: the lane's tasks wait rather than
 * fail, and this says why. An unreachable QuantConnect leaves it UP (the local lane still works;
 * the tasks retry) with the reason in its data. The verdict is cached so probes do not become API
 * traffic.
 */
@Readiness
@ApplicationScoped
public class QuantConnectReadiness implements HealthCheck {
  private static final Duration CACHE = Duration.ofSeconds(60);

  @Inject QuantConnectClient client;
  @Inject QuantConnectSettings settings;
  @Inject Clock clock;

  private record Verdict(boolean up, String detail, Instant at) {}

  private volatile Verdict last;

  @Override
  public HealthCheckResponse call() {
    if (settings.sandbox()) {
      return HealthCheckResponse.named("quantconnect")
          .up()
          .withData("mode", "sandbox (no credentials configured)")
          .build();
    }
    Verdict verdict = last;
    Instant now = clock.instant();
    if (verdict == null || verdict.at().plus(CACHE).isBefore(now)) {
      verdict = check(now);
      last = verdict;
    }
    return HealthCheckResponse.named("quantconnect")
        .status(verdict.up())
        .withData("mode", "quantconnect")
        .withData("detail", verdict.detail())
        .withData("checked_at", verdict.at().toString())
        .build();
  }

  private Verdict check(Instant now) {
    try {
      client.authenticate();
      return new Verdict(true, "credentials accepted", now);
    } catch (QuantConnectFailure.BadCredentials e) {
      return new Verdict(false, e.getMessage(), now);
    } catch (QuantConnectFailure e) {
      return new Verdict(true, "not reachable just now: " + e.getMessage(), now);
    }
  }
}
