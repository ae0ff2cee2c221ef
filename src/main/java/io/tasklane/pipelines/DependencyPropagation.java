package io.tasklane.pipelines;

import io.tasklane.tasks.Task;
import io.tasklane.tasks.TaskEvent;
import io.tasklane.tasks.TaskEvents;
import io.tasklane.tasks.TaskStatus;
import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;

/**
 * A task that failed, was cancelled or timed out takes every queued task waiting for it with it, in
 * the transaction that records its end: the end and the cancellations commit together, on whichever
 * instance ended it, so a crash can never leave a dependent waiting for ever. Each cancellation is
 * itself an end, so a chain is cancelled down to its last task.
 */
@ApplicationScoped
public class DependencyPropagation {
  @Inject TaskStore tasks;
  @Inject TaskEvents events;
  @Inject Clock clock;

  /** Synchronous: runs inside the transaction that ended the task, and fails with it. */
  void onTaskEvent(@Observes TaskEvent event) {
    if (!(event instanceof TaskEvent.Ended ended) || ended.succeeded()) {
      return;
    }
    Instant now = Instant.now(clock);
    for (Task dependent : tasks.queuedDependentsOf(ended.taskId())) {
      dependent.cancel(
          "Cancelled: task " + ended.taskId() + " it depends on " + ending(ended.status()), now);
      tasks.flush();
      events.publish(dependent);
    }
  }

  static String ending(TaskStatus status) {
    return switch (status) {
      case FAILED -> "failed";
      case TIMED_OUT -> "timed out";
      default -> "was " + status.wireName();
    };
  }
}
