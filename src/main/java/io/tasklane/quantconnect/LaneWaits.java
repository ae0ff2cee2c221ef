package io.tasklane.quantconnect;

import io.tasklane.tasks.Lane;
import io.tasklane.tasks.LaneEntry;
import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ends the waits of {@code qc_backtest} tasks the moment what they wait for is over: a node of ours
 * frees, the nodes watch sees one free outside, QuantConnect answers again or accepts the
 * credentials. Without this a freed node would sit idle for the rest of the head's back-off.
 */
@ApplicationScoped
public class LaneWaits {
  private static final Logger LOG = Logger.getLogger(LaneWaits.class.getName());

  /** Deferred tasks sit at the head of the lane: nothing overtakes them. */
  private static final int HEAD = 20;

  @Inject TaskStore tasks;
  @Inject QuantConnectRunStates states;
  @Inject Event<QuantConnectLaneReady> ready;
  @Inject Clock clock;

  /** A waiting task at the head of the lane and what it waits for. */
  public record Waiting(UUID taskId, LaneWait reason) {}

  /** The first task of the lane that waits for one of {@code reasons}, if any. */
  public Optional<Waiting> first(Set<LaneWait> reasons) {
    Instant now = clock.instant();
    for (LaneEntry entry : tasks.laneHead(Lane.QUANTCONNECT, HEAD)) {
      if (entry.waitingAt(now)) {
        LaneWait reason = reasonOf(entry.id());
        if (reason != null && reasons.contains(reason)) {
          return Optional.of(new Waiting(entry.id(), reason));
        }
      }
    }
    return Optional.empty();
  }

  /** Ends the waits for any of {@code reasons}; the scheduler is told when any ended. */
  public int end(Set<LaneWait> reasons) {
    Instant now = clock.instant();
    int ended = 0;
    for (LaneEntry entry : tasks.laneHead(Lane.QUANTCONNECT, HEAD)) {
      if (entry.waitingAt(now)
          && reasons.contains(reasonOf(entry.id()))
          && tasks.endWaitUnversioned(entry.id(), now)) {
        ended++;
      }
    }
    if (ended > 0) {
      ready.fire(new QuantConnectLaneReady());
    }
    return ended;
  }

  private LaneWait reasonOf(UUID taskId) {
    return states.load(taskId).waitingFor();
  }

  /** One of our backtests ended (or was deleted): that node is free for whoever waits for one. */
  void onSlotFreed(@Observes(during = TransactionPhase.AFTER_SUCCESS) NodeSlotFreed freed) {
    if (freed.nodeFreed()) {
      endQuietly(EnumSet.of(LaneWait.NODES_BUSY, LaneWait.NO_SPARE_NODES));
    }
  }

  void onRecovered(@Observes QuantConnectRecovered recovered) {
    endQuietly(EnumSet.of(recovered.over()));
  }

  /** Called amid other work (a QuantConnect call, a slot release) that must not fail for this. */
  private void endQuietly(Set<LaneWait> reasons) {
    try {
      end(reasons);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING, "Could not end the waits of " + reasons + "; their back-off ends them", e);
    }
  }
}
