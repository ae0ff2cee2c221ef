package io.tasklane.scheduling;

import io.tasklane.tasks.TaskEvents;
import io.tasklane.tasks.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** Persists a running task's progress text and percentage, and announces it. */
@ApplicationScoped
public class ProgressReports {
  private static final int MAX_DESCRIPTION = 1000;

  @PersistenceContext EntityManager em;
  @Inject TaskEvents events;

  /** Returns false when the task is no longer running under {@code owner}. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean report(ClaimedTask task, String owner, String description, Integer progress) {
    String text =
        description == null || description.length() <= MAX_DESCRIPTION
            ? description
            : description.substring(0, MAX_DESCRIPTION);
    Integer percent = progress == null ? null : Math.max(0, Math.min(100, progress));
    int updated =
        em.createQuery(
                "update Task t set t.description = :description, t.progress = :progress"
                    + " where t.id = :id and t.status = :running and t.leaseOwner = :owner")
            .setParameter("description", text)
            .setParameter("progress", percent)
            .setParameter("id", task.id())
            .setParameter("running", TaskStatus.RUNNING)
            .setParameter("owner", owner)
            .executeUpdate();
    if (updated == 1) {
      events.publishProgress(task.id(), task.userId(), task.taskType(), task.lane(), text, percent);
    }
    return updated == 1;
  }
}
