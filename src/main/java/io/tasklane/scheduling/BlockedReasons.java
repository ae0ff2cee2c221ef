package io.tasklane.scheduling;

import io.tasklane.tasks.DependencyWait;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes why queued tasks wait into {@code blocked_reason}. The figures in a reason change with
 * every sample, so a reason of the same kind is rewritten at most every {@link #REFRESH}; a change
 * of kind (RAM instead of CPU, say) is written at once. A task gets its first reason once it has
 * been held for {@link #GRACE}: in a draining queue most tasks wait a few milliseconds, and each
 * write is a new version of the task's row (issue 25: 40 % of the tiny tasks of a drain had one, 65
 * us of PostgreSQL's time a task).
 */
@ApplicationScoped
public class BlockedReasons {
  static final Duration REFRESH = Duration.ofSeconds(5);

  /** How long a task is held before its reason is written. */
  static final Duration GRACE = Duration.ofMillis(500);

  /**
   * How often a lane's dependency waits are read. The admission passes leave such tasks out by
   * themselves (their query asks for completed dependencies); the waits only explain them, so a
   * second-old reading serves every pass in between instead of a query each (issue 25).
   */
  static final Duration DEPENDENCY_REFRESH = Duration.ofSeconds(1);

  /** Rows of dependency waits one pass reads: the head of the lane is what users look at. */
  private static final int DEPENDENCY_ROWS = 100;

  @Inject TaskStore tasks;
  @Inject Clock clock;

  /** The reason last written (null: none yet), when, and since when the task has been held. */
  private record Written(String reason, Instant at, Instant heldSince) {}

  private record Waits(Map<UUID, String> reasons, Instant readAt) {}

  /** Per lane: a lane's pass forgets only its own tasks that no longer wait. */
  private final Map<Lane, Map<UUID, Written>> writtenByLane = new ConcurrentHashMap<>();

  private final Map<Lane, Waits> waitsByLane = new ConcurrentHashMap<>();

  @Transactional
  public void record(Lane lane, Map<UUID, String> reasons, Instant now) {
    Map<UUID, Written> written =
        writtenByLane.computeIfAbsent(lane, l -> new ConcurrentHashMap<>());
    written.keySet().retainAll(reasons.keySet());
    for (Map.Entry<UUID, String> entry : reasons.entrySet()) {
      Written last = written.get(entry.getKey());
      String reason = entry.getValue();
      Instant heldSince = last == null ? now : last.heldSince();
      if (last == null || last.reason() == null) {
        if (heldSince.plus(GRACE).isAfter(now)) {
          written.putIfAbsent(entry.getKey(), new Written(null, now, now));
          continue;
        }
      } else if (last.reason().equals(reason)
          || (kind(last.reason()).equals(kind(reason)) && last.at().plus(REFRESH).isAfter(now))) {
        continue;
      }
      tasks.writeBlockedReasonUnversioned(entry.getKey(), reason);
      written.put(entry.getKey(), new Written(reason, now, heldSince));
    }
  }

  /**
   * Why queued tasks of {@code lane} wait for their dependencies ("Waiting for task ...
   * (running)"), in queue order: one dependency each, the latest submitted of those not completed.
   * Read at most every {@link #DEPENDENCY_REFRESH}; the map is the caller's to change.
   */
  public Map<UUID, String> dependencyWaits(Lane lane) {
    Instant now = clock.instant();
    Waits waits = waitsByLane.get(lane);
    if (waits == null || !waits.readAt().plus(DEPENDENCY_REFRESH).isAfter(now)) {
      Map<UUID, String> reasons = new LinkedHashMap<>();
      for (DependencyWait wait : tasks.dependencyWaits(lane, DEPENDENCY_ROWS)) {
        reasons.putIfAbsent(wait.taskId(), wait.reason());
      }
      waits = new Waits(reasons, now);
      waitsByLane.put(lane, waits);
    }
    return new LinkedHashMap<>(waits.reasons());
  }

  /** "Insufficient RAM: need ..." is of kind "Insufficient RAM". */
  static String kind(String reason) {
    int colon = reason.indexOf(':');
    return colon < 0 ? reason : reason.substring(0, colon);
  }
}
