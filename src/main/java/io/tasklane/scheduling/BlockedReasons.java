package io.tasklane.scheduling;

import io.tasklane.tasks.Lane;
import io.tasklane.tasks.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
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

  @PersistenceContext EntityManager em;

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
      em.createQuery(
              "update Task t set t.blockedReason = :reason where t.id = :id and t.status = :queued")
          .setParameter("reason", reason)
          .setParameter("id", entry.getKey())
          .setParameter("queued", TaskStatus.QUEUED)
          .executeUpdate();
      written.put(entry.getKey(), new Written(reason, now));
    }
  }

  /** "Insufficient RAM: need ..." is of kind "Insufficient RAM". */
  static String kind(String reason) {
    int colon = reason.indexOf(':');
    return colon < 0 ? reason : reason.substring(0, colon);
  }
}
