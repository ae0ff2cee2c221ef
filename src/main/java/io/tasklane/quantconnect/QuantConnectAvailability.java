package io.tasklane.quantconnect;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * What this instance has lately seen of QuantConnect: answering, unavailable (5xx, resets,
 * timeouts) since when, or rejecting the credentials. Every answer of {@link QuantConnectClient}
 * reports here, so an outage is logged once when it starts and once when it ends (not once per
 * call), the lane's tasks can say since when they wait, the build-ahead stays quiet meanwhile, and
 * readiness needs no calls of its own to know. It is an observation of a remote system by this
 * instance, so it lives in memory; what tasks wait for is in the database.
 */
@ApplicationScoped
public class QuantConnectAvailability {
  private static final Logger LOG = Logger.getLogger(QuantConnectAvailability.class.getName());
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  @Inject Clock clock;
  @Inject Event<QuantConnectRecovered> recovered;

  /** Since when, and the latest reason. */
  public record Episode(Instant since, String reason) {
    /** "since 14:02:11 UTC (HTTP 500 to backtests/create)". */
    public String describe() {
      return "since " + TIME.format(since) + " UTC (" + reason + ")";
    }
  }

  private Episode unavailable;
  private Episode credentialsRejected;

  /** QuantConnect answered (whatever it said): an outage or a credentials episode is over. */
  public void answered() {
    Episode outage;
    Episode rejected;
    synchronized (this) {
      outage = unavailable;
      rejected = credentialsRejected;
      if (outage == null && rejected == null) {
        return;
      }
      unavailable = null;
      credentialsRejected = null;
    }
    Instant now = clock.instant();
    if (outage != null) {
      LOG.info(
          () ->
              "QuantConnect answers again after "
                  + Duration.between(outage.since(), now).toSeconds()
                  + " s unavailable; waiting qc_backtest tasks go on");
      recovered.fire(new QuantConnectRecovered(LaneWait.UNAVAILABLE));
    }
    if (rejected != null) {
      LOG.info("QuantConnect accepts the credentials again; waiting qc_backtest tasks go on");
      recovered.fire(new QuantConnectRecovered(LaneWait.CREDENTIALS));
    }
  }

  /** A 5xx, reset or timeout: the first of an episode is logged at WARNING, the rest are not. */
  public void unavailable(String reason) {
    Episode started = null;
    synchronized (this) {
      if (unavailable == null) {
        started = new Episode(clock.instant(), reason);
        unavailable = started;
      } else {
        unavailable = new Episode(unavailable.since(), reason);
      }
    }
    if (started != null) {
      LOG.warning(
          "QuantConnect is unavailable ("
              + reason
              + "); qc_backtest tasks that have no backtest yet wait, running ones keep being"
              + " followed, until it answers again");
    }
  }

  public void credentialsRejected(String reason) {
    Episode started = null;
    synchronized (this) {
      if (credentialsRejected == null) {
        started = new Episode(clock.instant(), reason);
        credentialsRejected = started;
      } else {
        credentialsRejected = new Episode(credentialsRejected.since(), reason);
      }
    }
    if (started != null) {
      LOG.warning(
          reason
              + "; qc_backtest tasks wait until the credentials are fixed"
              + " (tasklane.quantconnect.user-id, tasklane.quantconnect.api-token)");
    }
  }

  public synchronized Optional<Episode> outage() {
    return Optional.ofNullable(unavailable);
  }

  public synchronized Optional<Episode> rejection() {
    return Optional.ofNullable(credentialsRejected);
  }

  /** Whether calls are worth making now (the build-ahead makes none while this is false). */
  public synchronized boolean answering() {
    return unavailable == null && credentialsRejected == null;
  }
}
