package io.tasklane.scheduling;

import io.tasklane.quantconnect.Precompiler;
import io.tasklane.quantconnect.QuantConnectSettings;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.LaneEntry;
import io.tasklane.tasks.TaskRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * One admission pass over the QuantConnect lane: strict priority then FIFO, each start taking one
 * of the account's node slots in the database. Nothing overtakes the head: when it waits (no free
 * slot, or QuantConnect told it to), the whole lane waits, since the next task would meet the same
 * full cluster.
 */
@ApplicationScoped
public class QuantConnectLaneAdmission {
  private static final int CANDIDATES = 20;

  @Inject TaskRepository tasks;
  @Inject QuantConnectSettings settings;
  @Inject BlockedReasons blocked;
  @Inject Precompiler precompiler;
  @Inject Clock clock;

  /**
   * @param claimThroughGate claims the task together with a node slot; false when no slot is free
   *     (or another instance took the task first)
   */
  public void admit(Predicate<UUID> claimThroughGate) {
    Instant now = clock.instant();
    List<LaneEntry> head = tasks.laneHead(Lane.QUANTCONNECT, CANDIDATES);
    Map<UUID, String> waiting = new LinkedHashMap<>();
    String laneHeldBy = null;
    for (LaneEntry entry : head) {
      if (laneHeldBy != null) {
        waiting.put(entry.id(), laneHeldBy);
      } else if (entry.waitingAt(now)) {
        // Its own reason (from QuantConnect) stays; the rest queue behind it.
        laneHeldBy = "Waiting for the task ahead of it, which QuantConnect is holding up";
      } else if (!claimThroughGate.test(entry.id())) {
        laneHeldBy = "All " + settings.nodes() + " QuantConnect nodes busy";
        waiting.put(entry.id(), laneHeldBy);
      }
    }
    blocked.record(Lane.QUANTCONNECT, waiting, now);
    // The tasks that get the next nodes build meanwhile.
    precompiler.buildAhead(waiting.keySet().stream().limit(settings.nodes()).toList());
  }
}
