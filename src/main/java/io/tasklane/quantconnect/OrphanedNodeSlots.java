package io.tasklane.quantconnect;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Frees node slots whose task ended without its handler freeing them: the instance running it died,
 * then the task was cancelled, timed out or ran out of attempts. The backtest is deleted on
 * QuantConnect first (it may still be running there), so the slot is only freed once the node is.
 */
@ApplicationScoped
public class OrphanedNodeSlots {
  private static final Logger LOG = Logger.getLogger(OrphanedNodeSlots.class.getName());

  /** Longer than a live handler needs to delete its backtest after the task ends. */
  static final Duration GRACE = Duration.ofSeconds(30);

  private static final Duration EVERY = Duration.ofSeconds(10);

  @Inject NodeGate gate;
  @Inject QuantConnectClient client;
  @Inject Clock clock;

  private final AtomicReference<Instant> lastRun = new AtomicReference<>(Instant.EPOCH);

  /** Called by every scheduler sweep; does its work at most every {@link #EVERY}. */
  public void releaseDue() {
    Instant now = clock.instant();
    Instant last = lastRun.get();
    if (last.plus(EVERY).isAfter(now) || !lastRun.compareAndSet(last, now)) {
      return;
    }
    for (NodeSlot slot : gate.orphaned(now.minus(GRACE))) {
      try {
        if (slot.backtestId() != null && slot.projectId() != null) {
          stop(slot);
        }
        gate.release(slot.taskId());
        LOG.info(
            () ->
                "Freed QuantConnect node slot " + slot.slot() + " of ended task " + slot.taskId());
      } catch (QuantConnectFailure e) {
        LOG.log(
            Level.WARNING,
            "Could not stop backtest "
                + slot.backtestId()
                + " of ended task "
                + slot.taskId()
                + "; its node stays held until the next try",
            e);
      }
    }
  }

  private void stop(NodeSlot slot) {
    try {
      client.deleteBacktest(slot.projectId(), slot.backtestId());
    } catch (QuantConnectFailure.Refused alreadyGone) {
      // Deleted meanwhile (by a person, or a previous try whose answer was lost).
    }
  }
}
