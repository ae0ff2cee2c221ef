package io.tasklane.scheduling;

import io.tasklane.tasks.DependencyWait;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes why queued tasks wait into {@code blocked_reason}. The figures in a reason change with
 * every sample, so a reason of the same kind is rewritten at most every {@link #REFRESH}; a change
 * of kind (RAM instead of CPU, say) is written at once.
 */
@ApplicationScoped
public class BlockedReasons {
  static final Duration REFRESH = Duration.ofSeconds(5);

  /** Rows of dependency waits one pass reads: the head of the lane is what users look at. */
  private static final int DEPENDENCY_ROWS = 100;

  @Inject TaskStore tasks;

  private record Written(String reason, Instant at) {}

  /** Per lane: a lane's pass forgets only its own tasks that no longer wait. */
  private final Map<Lane, Map<UUID, Written>> writtenByLane = new ConcurrentHashMap<>();

  @Transactional
  public void record(Lane lane, Map<UUID, String> reasons, Instant now) {
    Map<UUID, Written> written =
        writtenByLane.computeIfAbsent(lane, l -> new ConcurrentHashMap<>());
    written.keySet().retainAll(reasons.keySet());
    for (Map.Entry<UUID, String> entry : reasons.entrySet()) {
      Written last = written.get(entry.getKey());
      String reason = entry.getValue();
      if (last != null
          && (last.reason().equals(reason)
              || (kind(last.reason()).equals(kind(reason))
                  && last.at().plus(REFRESH).isAfter(now)))) {
        continue;
      }
      tasks.writeBlockedReasonUnversioned(entry.getKey(), reason);
      written.put(entry.getKey(), new Written(reason, now));
    }
  }

  /**
   * Why queued tasks of {@code lane} wait for their dependencies ("Waiting for task ...
   * (running)"), in queue order: one dependency each, the latest submitted of those not completed.
   */
  public Map<UUID, String> dependencyWaits(Lane lane) {
    Map<UUID, String> reasons = new LinkedHashMap<>();
    for (DependencyWait wait : tasks.dependencyWaits(lane, DEPENDENCY_ROWS)) {
      reasons.putIfAbsent(wait.taskId(), wait.reason());
    }
    return reasons;
  }

  /** "Insufficient RAM: need ..." is of kind "Insufficient RAM". */
  static String kind(String reason) {
    int colon = reason.indexOf(':');
    return colon < 0 ? reason : reason.substring(0, colon);
  }
}
