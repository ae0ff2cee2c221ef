package io.tasklane.scheduling;

import io.tasklane.tasks.TaskEvents;
import io.tasklane.tasks.TaskStore;
import io.tasklane.tasks.TaskText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Persists a running task's progress text and percentage, and announces it. */
@ApplicationScoped
public class ProgressReports {
  @Inject TaskStore tasks;
  @Inject TaskEvents events;

  /** Returns false when the task is no longer running under {@code owner}. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean report(ClaimedTask task, String owner, String description, Integer progress) {
    // Announced as stored.
    String text = TaskText.fit(description, TaskText.DESCRIPTION);
    Integer percent = progress == null ? null : Math.max(0, Math.min(100, progress));
    boolean written = tasks.writeProgressUnversioned(task.id(), owner, text, percent);
    if (written) {
      events.publishProgress(task.id(), task.userId(), task.taskType(), task.lane(), text, percent);
    }
    return written;
  }
}
