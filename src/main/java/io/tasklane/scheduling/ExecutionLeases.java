package io.tasklane.scheduling;

import io.tasklane.tasks.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
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
  @PersistenceContext EntityManager em;

  /**
   * Extends this owner's leases; returns the ids it no longer holds (cancelled, timed out, taken).
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Set<UUID> renew(String owner, Collection<UUID> ids, Instant until) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    em.createQuery(
            "update Task t set t.leaseExpiresAt = :until"
                + " where t.id in :ids and t.status = :running and t.leaseOwner = :owner")
        .setParameter("until", until)
        .setParameter("ids", ids)
        .setParameter("running", TaskStatus.RUNNING)
        .setParameter("owner", owner)
        .executeUpdate();
    List<UUID> held =
        em.createQuery(
                "select t.id from Task t where t.id in :ids and t.status = :running and t.leaseOwner = :owner",
                UUID.class)
            .setParameter("ids", ids)
            .setParameter("running", TaskStatus.RUNNING)
            .setParameter("owner", owner)
            .getResultList();
    Set<UUID> lost = new HashSet<>(ids);
    held.forEach(lost::remove);
    return lost;
  }

  @Transactional
  public List<UUID> expired(Instant now, int limit) {
    return em.createQuery(
            "select t.id from Task t where t.status = :running and t.leaseExpiresAt < :now order by t.leaseExpiresAt",
            UUID.class)
        .setParameter("running", TaskStatus.RUNNING)
        .setParameter("now", now)
        .setMaxResults(limit)
        .getResultList();
  }
}
