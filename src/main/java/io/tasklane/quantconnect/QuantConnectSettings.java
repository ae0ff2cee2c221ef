package io.tasklane.quantconnect;

import jakarta.enterprise.context.Dependent;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The QuantConnect lane's configuration (SPEC section 5), {@code tasklane.quantconnect.*}; inject
 * it with the {@code @ConfigProperties} qualifier.
 */
@Dependent
@ConfigProperties(prefix = "tasklane.quantconnect")
public class QuantConnectSettings {
  /** Slot rows the schema holds (V2 migration). */
  public static final int MAX_NODES = 32;

  /** {@code sandbox} or {@code quantconnect}; see {@link QuantConnectMode}. */
  @ConfigProperty(name = "mode", defaultValue = "quantconnect")
  String mode;

  @ConfigProperty(name = "api-url", defaultValue = "https://www.quantconnect.com/api/v2/")
  String apiUrl;

  @ConfigProperty(name = "user-id")
  Optional<String> userId = Optional.empty();

  @ConfigProperty(name = "api-token")
  Optional<String> apiToken = Optional.empty();

  @ConfigProperty(name = "nodes", defaultValue = "2")
  int nodes;

  @ConfigProperty(name = "poll-interval-ms", defaultValue = "2000")
  long pollIntervalMs;

  /** First wait after a "no spare nodes" answer; it doubles up to four times this. */
  @ConfigProperty(name = "busy-backoff-seconds", defaultValue = "15")
  long busyBackoffSeconds;

  /** First wait of a task that found QuantConnect unavailable before its backtest existed. */
  @ConfigProperty(name = "unavailable-backoff-seconds", defaultValue = "5")
  long unavailableBackoffSeconds;

  /** The longest such wait: the doubling stops here. */
  @ConfigProperty(name = "unavailable-backoff-max-seconds", defaultValue = "60")
  long unavailableBackoffMaxSeconds;

  /**
   * While the lane waits for nodes busy outside Tasklane, {@code projects/nodes/read} is read this
   * often to start the next backtest as soon as one frees.
   */
  @ConfigProperty(name = "busy-recheck-seconds", defaultValue = "2")
  long busyRecheckSeconds;

  /**
   * How soon after one of our backtests ended its node may be taken without a nodes read: the
   * hand-off to a waiting task happens within a second; later, someone outside may have it.
   */
  @ConfigProperty(name = "hand-off-seconds", defaultValue = "10")
  long handOffSeconds;

  /** How long a finished backtest's statistics are waited for (lean-cli: 6 reads, 10 s apart). */
  @ConfigProperty(name = "statistics-wait-seconds", defaultValue = "60")
  long statisticsWaitSeconds;

  /** How long one answer from QuantConnect may take before the call counts as failed. */
  @ConfigProperty(name = "read-timeout-ms", defaultValue = "60000")
  long readTimeoutMs;

  public long readTimeoutMs() {
    return readTimeoutMs;
  }

  public QuantConnectMode mode() {
    return QuantConnectMode.parse(mode);
  }

  /** The built-in simulator serves the lane (chosen explicitly, never for want of credentials). */
  public boolean sandbox() {
    return mode() == QuantConnectMode.SANDBOX;
  }

  /** Whether the lane can run backtests: the sandbox, or QuantConnect with both credentials. */
  public boolean configured() {
    return sandbox()
        || (userId.filter(s -> !s.isBlank()).isPresent()
            && apiToken.filter(s -> !s.isBlank()).isPresent());
  }

  /** One sentence for the log, readiness and refusals. */
  public String describeMode() {
    if (sandbox()) {
      return "QuantConnect lane: the built-in sandbox (tasklane.quantconnect.mode=sandbox);"
          + " backtests are simulated and their results marked sandbox: true";
    }
    if (!configured()) {
      return "QuantConnect is not configured: set tasklane.quantconnect.user-id and"
          + " tasklane.quantconnect.api-token, or tasklane.quantconnect.mode=sandbox for"
          + " simulated backtests";
    }
    return "QuantConnect lane: " + apiUrl() + " as user " + userId();
  }

  public URI apiUrl() {
    return URI.create(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
  }

  public String userId() {
    return userId.orElse("");
  }

  public String apiToken() {
    return apiToken.orElse("");
  }

  public int nodes() {
    if (nodes < 1 || nodes > MAX_NODES) {
      throw new IllegalStateException(
          "tasklane.quantconnect.nodes must be between 1 and " + MAX_NODES + ", not " + nodes);
    }
    return nodes;
  }

  public Duration pollInterval() {
    return Duration.ofMillis(Math.max(100, pollIntervalMs));
  }

  /** 1×, 2×, 4× the configured wait for the 1st, 2nd, 3rd+ "no spare nodes" in a row. */
  public Duration busyBackoff(int consecutive) {
    int doublings = Math.min(2, Math.max(0, consecutive - 1));
    return Duration.ofSeconds(Math.max(1, busyBackoffSeconds) << doublings);
  }

  /** Initial, doubled per consecutive wait, capped at the maximum. */
  public Duration unavailableBackoff(int consecutive) {
    long initial = Math.max(1, unavailableBackoffSeconds);
    long max = Math.max(initial, unavailableBackoffMaxSeconds);
    int doublings = Math.min(20, Math.max(0, consecutive - 1));
    return Duration.ofSeconds(Math.min(max, initial << doublings));
  }

  public Duration busyRecheck() {
    return Duration.ofSeconds(Math.max(1, busyRecheckSeconds));
  }

  public Duration handOffWindow() {
    return Duration.ofSeconds(Math.max(0, handOffSeconds));
  }

  public Duration statisticsWait() {
    return Duration.ofSeconds(statisticsWaitSeconds);
  }
}
