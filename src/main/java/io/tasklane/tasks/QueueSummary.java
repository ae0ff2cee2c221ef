package io.tasklane.tasks;

import io.tasklane.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * What waits and what runs, as the seed's {@code queue} object: exact counts, lists capped so the
 * answer costs the same however long the history is. A user sees only their own tasks.
 */
@ApplicationScoped
public class QueueSummary {
  static final int LIST_LIMIT = 100;

  @Inject TaskStore tasks;

  public record QueueView(
      long queuedCount,
      long runningCount,
      List<TaskView> queuedTasks,
      List<TaskView> runningTasks) {}

  public QueueView of(Caller caller) {
    String owner = caller.admin() ? null : caller.name();
    return new QueueView(
        tasks.countInStatus(TaskStatus.QUEUED, owner),
        tasks.countInStatus(TaskStatus.RUNNING, owner),
        tasks.inStatus(TaskStatus.QUEUED, owner, LIST_LIMIT).stream()
            .map(t -> TaskView.of(t, tasks.queuePosition(t)))
            .toList(),
        tasks.inStatus(TaskStatus.RUNNING, owner, LIST_LIMIT).stream()
            .map(t -> TaskView.of(t, null))
            .toList());
  }
}
