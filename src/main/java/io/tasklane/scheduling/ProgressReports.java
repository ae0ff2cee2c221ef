package io.tasklane.scheduling;

import io.tasklane.tasks.TaskEvents;
import io.tasklane.tasks.TaskStore;
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
  public boolean report(ClaimedTask task, String owner, ProgressReport report) {
    // Announced as stored.
    boolean written =
        tasks.writeProgressUnversioned(task.id(), owner, report.description(), report.percent());
    if (written) {
      events.publishProgress(
          task.id(),
          task.userId(),
          task.taskType(),
          task.lane(),
          report.description(),
          report.percent());
    }
    return written;
  }
}
