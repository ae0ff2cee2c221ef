package io.tasklane.scheduling;

import io.tasklane.events.TaskEventType;
import io.tasklane.tasks.Task;
import io.tasklane.tasks.TaskEvents;
import io.tasklane.tasks.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Claims one queued task for this instance. The claim is a versioned update of the task row, so
 * when instances sharing the database race for the same task exactly one wins; the loser's
 * transaction rolls back with an optimistic-lock failure and it moves on to the next candidate.
 */
@ApplicationScoped
public class TaskClaims {
  @PersistenceContext EntityManager em;
  @Inject TaskEvents events;

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<ClaimedTask> tryClaim(UUID id, String owner, Instant now, Instant leaseUntil) {
    Task task = em.find(Task.class, id);
    if (task == null
        || task.status() != TaskStatus.QUEUED
        || (task.notBefore() != null && task.notBefore().isAfter(now))) {
      return Optional.empty();
    }
    task.start(owner, now, leaseUntil);
    em.flush();
    events.publish(TaskEventType.TASK_RUNNING, task);
    return Optional.of(ClaimedTask.of(task));
  }
}
