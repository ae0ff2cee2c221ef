package io.tasklane.quantconnect;

import io.tasklane.scheduling.AdmissionPass;
import io.tasklane.scheduling.BlockedReasons;
import io.tasklane.scheduling.LaneAdmission;
import io.tasklane.scheduling.LaneReady;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * One admission pass over the QuantConnect lane: strict priority then FIFO, each start taking one
 * of the account's node slots in the database. Nothing overtakes the head: when it waits (no free
 * slot, or QuantConnect told it to), the whole lane waits, since the next task would meet the same
 * full cluster.
 */
@ApplicationScoped
public class QuantConnectLaneAdmission implements LaneAdmission {
  private static final int CANDIDATES = 20;

  @Inject TaskStore tasks;
  @Inject @ConfigProperties QuantConnectSettings settings;
  @Inject BlockedReasons blocked;
  @Inject Precompiler precompiler;
  @Inject NodeGate gate;
  @Inject Event<LaneReady> ready;
  @Inject Clock clock;

  /** Each start claims the task together with a node slot; none when no slot is free. */
  @Override
  public boolean admit(AdmissionPass pass) {
    Instant now = clock.instant();
    List<LaneEntry> head = tasks.laneHead(Lane.QUANTCONNECT, CANDIDATES);
    Map<UUID, String> waiting = new LinkedHashMap<>();
    Map<UUID, String> held = blocked.dependencyWaits(Lane.QUANTCONNECT);
    String laneHeldBy = null;
    for (LaneEntry entry : head) {
      if (laneHeldBy != null) {
        waiting.put(entry.id(), laneHeldBy);
      } else if (entry.waitingAt(now)) {
        // Its own reason (from QuantConnect) stays; the rest queue behind it.
        laneHeldBy = "Waiting for the task ahead of it, which QuantConnect is holding up";
      } else if (!pass.claimAndLaunch(entry.id(), id -> gate.acquire(id, now))) {
        laneHeldBy = "All " + settings.nodes() + " QuantConnect nodes busy";
        waiting.put(entry.id(), laneHeldBy);
      }
    }
    held.putAll(waiting);
    blocked.record(Lane.QUANTCONNECT, held, now);
    // The tasks that get the next nodes build meanwhile.
    precompiler.buildAhead(waiting.keySet().stream().limit(settings.nodes()).toList());
    return false;
  }

  /** A node came free (one of our backtests ended): hand it to the next task now. */
  void onNodeSlotFreed(@Observes(during = TransactionPhase.AFTER_SUCCESS) NodeSlotFreed freed) {
    ready.fire(new LaneReady(Lane.QUANTCONNECT));
  }

  /** Waits in the lane ended (QuantConnect answers again, a node freed outside Tasklane). */
  void onLaneWaitsEnded(@Observes QuantConnectLaneReady laneReady) {
    ready.fire(new LaneReady(Lane.QUANTCONNECT));
  }
}
