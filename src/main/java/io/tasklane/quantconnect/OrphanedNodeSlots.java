package io.tasklane.quantconnect;

import io.tasklane.scheduling.Housekeeping;
import io.tasklane.scheduling.SchedulerConfig;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Frees node slots whose task ended without its handler freeing them: the instance running it died,
 * then the task was cancelled, timed out or ran out of attempts. The backtest is deleted on
 * QuantConnect first (it may still be running there), so the slot is only freed once the node is.
 */
@ApplicationScoped
public class OrphanedNodeSlots implements Housekeeping {
  private static final Logger LOG = Logger.getLogger(OrphanedNodeSlots.class.getName());

  private static final Duration EVERY = Duration.ofSeconds(10);

  @Inject NodeGate gate;
  @Inject QuantConnectClient client;
  @Inject Clock clock;

  @Resource ManagedExecutorService executor;

  @Inject @ConfigProperties SchedulerConfig scheduler;

  private final AtomicReference<Instant> lastRun = new AtomicReference<>(Instant.EPOCH);
  private final AtomicBoolean running = new AtomicBoolean();

  @Override
  public String name() {
    return "orphaned QuantConnect node slots";
  }

  @Override
  public Duration every() {
    return EVERY;
  }

  @Override
  public void run() {
    releaseDue();
  }

  /**
   * Does its work at most every {@link #EVERY}, and never on the scheduler's thread: a QuantConnect
   * that does not answer must not hold up other housekeeping that shares it.
   */
  public void releaseDue() {
    Instant now = clock.instant();
    Instant last = lastRun.get();
    if (running.get() || last.plus(EVERY).isAfter(now) || !lastRun.compareAndSet(last, now)) {
      return;
    }
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(
          () -> {
            try {
              release(now);
            } finally {
              running.set(false);
            }
          });
    } catch (RuntimeException e) {
      running.set(false);
      LOG.log(Level.WARNING, "Could not schedule the clean-up of orphaned node slots", e);
    }
  }

  private void release(Instant now) {
    // Longer than a live handler needs to delete its backtest once its task has ended.
    Duration grace = Duration.ofSeconds(Math.max(10, 2 * scheduler.leaseSeconds));
    for (NodeSlot slot : gate.orphaned(now.minus(grace))) {
      try {
        if (slot.backtestId() != null && slot.projectId() != null) {
          stop(slot);
          gate.releaseFreedNode(slot.taskId(), clock.instant());
        } else {
          if (slot.createSentAt() != null && slot.projectId() != null) {
            stopUnrecorded(slot);
          }
          gate.release(slot.taskId());
        }
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
    delete(slot.projectId(), slot.backtestId());
  }

  /** Its create went out but no answer was kept: whatever carries the task's tag is deleted. */
  private void stopUnrecorded(NodeSlot slot) {
    String tag = QuantConnectBacktestRun.tag(slot.taskId());
    for (QuantConnectBacktest backtest : client.listBacktests(slot.projectId())) {
      if (backtest.name() != null && backtest.name().contains(tag)) {
        delete(slot.projectId(), backtest.backtestId());
      }
    }
  }

  private void delete(long projectId, String backtestId) {
    try {
      client.deleteBacktest(projectId, backtestId);
    } catch (QuantConnectFailure.Refused alreadyGone) {
      // Deleted meanwhile (by a person, or a previous try whose answer was lost).
    }
  }
}
