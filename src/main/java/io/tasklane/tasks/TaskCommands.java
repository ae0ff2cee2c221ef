package io.tasklane.tasks;

import io.tasklane.security.Caller;
import io.tasklane.system.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** What a caller may do to an existing task: find it, cancel it, change its priority. */
@ApplicationScoped
public class TaskCommands {
  @Inject TaskStore tasks;
  @Inject TaskEvents events;
  @Inject Clock clock;

  /** The task if the caller may see it; otherwise 404, so ids of others' tasks reveal nothing. */
  public Task visible(UUID id, Caller caller) {
    return tasks
        .find(id)
        .filter(task -> task.isVisibleTo(caller.name(), caller.admin()))
        .orElseThrow(() -> new ProblemException.NotFound("No task " + id + "."));
  }

  /**
   * Cancels a queued or running task. A running one is stopped by the instance that runs it when it
   * sees the cancelled status (at once on this instance, at its next lease renewal elsewhere).
   */
  @Transactional
  public Task cancel(UUID id, Caller caller) {
    Task task = visible(id, caller);
    if (task.status().isTerminal()) {
      throw new TaskConflict("Task " + id + " is already " + task.status().wireName() + ".");
    }
    task.cancel(Instant.now(clock));
    events.publish(task);
    return task;
  }

  @Transactional
  public Task reprioritize(UUID id, int priority, Caller caller) {
    Task task = visible(id, caller);
    task.reprioritize(priority);
    events.publish(task);
    return task;
  }
}
