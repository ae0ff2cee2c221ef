package io.tasklane.scheduling;

import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Leases in the database say which instance runs which task. The owner renews them while it runs; a
 * lease left to expire means its instance died, and any instance may then recover the task.
 * Renewals are plain updates that do not bump the version, so they never conflict with a cancel.
 */
@ApplicationScoped
public class ExecutionLeases {
  @Inject TaskStore tasks;

  /**
   * Extends this owner's leases; returns the ids it no longer holds (cancelled, timed out, taken).
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Set<UUID> renew(String owner, Collection<UUID> ids, Instant until) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    tasks.renewLeasesUnversioned(owner, ids, until);
    Set<UUID> lost = new HashSet<>(ids);
    tasks.heldBy(owner, ids).forEach(lost::remove);
    return lost;
  }

  @Transactional
  public List<UUID> expired(Instant now, int limit) {
    return tasks.expiredLeases(now, limit);
  }
}
