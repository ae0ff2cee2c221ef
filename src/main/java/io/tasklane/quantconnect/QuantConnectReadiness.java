package io.tasklane.quantconnect;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while QuantConnect rejects the configured credentials: the lane's tasks wait rather than
 * fail, and this says why. An unavailable QuantConnect (5xx, resets, timeouts) leaves it UP with
 * {@code lane: degraded}, since when and why: the local lane still works and should keep getting
 * traffic, and the QuantConnect tasks wait for the outage to end. What the lane's own calls have
 * seen lately ({@link QuantConnectAvailability}) is used first; otherwise a verdict from one {@code
 * authenticate} call is cached, so probes do not become API traffic.
 */
@Readiness
@ApplicationScoped
public class QuantConnectReadiness implements HealthCheck {
  private static final Duration CACHE = Duration.ofSeconds(60);

  @Inject QuantConnectClient client;
  @Inject @ConfigProperties QuantConnectSettings settings;
  @Inject QuantConnectAvailability availability;
  @Inject Clock clock;

  private record Verdict(boolean up, String detail, Instant at) {}

  private volatile Verdict last;

  @Override
  public HealthCheckResponse call() {
    if (settings.sandbox()) {
      return HealthCheckResponse.named("quantconnect").up().withData("mode", "sandbox").build();
    }
    if (!settings.configured()) {
      // Not a fault of this instance: its local lane serves, and qc_backtest is refused at once.
      return HealthCheckResponse.named("quantconnect")
          .up()
          .withData("mode", "quantconnect")
          .withData("lane", "not configured")
          .withData("detail", settings.describeMode())
          .build();
    }
    Verdict verdict = last;
    Instant now = clock.instant();
    if (verdict == null
        || verdict.at().plus(CACHE).isBefore(now)
        // Some call was answered since the rejection: the credentials may be fixed.
        || (!verdict.up() && availability.rejection().isEmpty())) {
      verdict = check(now);
      last = verdict;
    }
    var outage = availability.outage();
    var rejection = availability.rejection();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("quantconnect").withData("mode", "quantconnect");
    if (rejection.isPresent()) {
      return response
          .down()
          .withData("lane", "waiting for credentials")
          .withData("detail", rejection.get().reason())
          .withData("since", rejection.get().since().toString())
          .build();
    }
    if (outage.isPresent()) {
      return response
          .up()
          .withData("lane", "degraded")
          .withData("detail", "QuantConnect unavailable: " + outage.get().reason())
          .withData("since", outage.get().since().toString())
          .build();
    }
    return response
        .status(verdict.up())
        .withData("lane", verdict.up() ? "ready" : "waiting for credentials")
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
