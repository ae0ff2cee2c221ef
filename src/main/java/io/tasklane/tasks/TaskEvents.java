package io.tasklane.tasks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Fires the {@link TaskEvent} of a task's state change, inside the transaction that made it: the
 * facts it carries (a queued task's place in its lane) are read there, so they match the change.
 */
@ApplicationScoped
public class TaskEvents {
  @Inject Event<TaskEvent> events;
  @Inject TaskStore tasks;
  @Inject Clock clock;

  /**
   * Announces tasks just stored as queued, their queue positions read together (one count per lane
   * and priority, not one per task); returns the positions by task id.
   */
  public Map<UUID, Long> publishQueued(List<Task> stored) {
    Map<UUID, Long> positions = tasks.queuePositions(stored);
    Instant now = Instant.now(clock);
    for (Task task : stored) {
      events.fire(queued(task, positions.get(task.id()), now));
    }
    return positions;
  }

  private static TaskEvent.Queued queued(Task task, Long position, Instant now) {
    return new TaskEvent.Queued(
        task.id(),
        task.userId(),
        task.taskType(),
        task.lane(),
        task.estimatedCpuCores(),
        task.estimatedRamGb(),
        position,
        now);
  }

  /** Announces {@code task} in the status it has now. */
  public void publish(Task task) {
    Instant now = Instant.now(clock);
    events.fire(
        switch (task.status()) {
          case QUEUED -> queued(task, tasks.queuePosition(task), now);
          case RUNNING ->
              new TaskEvent.Started(
                  task.id(),
                  task.userId(),
                  task.taskType(),
                  task.lane(),
                  task.estimatedCpuCores(),
                  task.estimatedRamGb(),
                  now);
          case COMPLETED -> ended(task, ResultSummary.of(task.resultJson()), now);
          case FAILED, CANCELLED, TIMED_OUT -> ended(task, null, now);
        });
  }

  /**
   * Announces a task just completed whose result's summary its caller already has (made from the
   * result as built, {@link ResultSummary#of(jakarta.json.JsonObject)}), so the stored text is not
   * read back for it.
   */
  public void publishCompleted(Task task, JsonObject resultSummary) {
    if (task.status() != TaskStatus.COMPLETED) {
      throw new IllegalArgumentException("Task " + task.id() + " is " + task.status().wireName());
    }
    events.fire(ended(task, resultSummary, Instant.now(clock)));
  }

  private static TaskEvent.Ended ended(Task task, JsonObject resultSummary, Instant now) {
    return new TaskEvent.Ended(
        task.id(),
        task.userId(),
        task.taskType(),
        task.lane(),
        task.status(),
        task.error(),
        resultSummary,
        now);
  }

  /** Announces what a running task's handler reported. */
  public void publishProgress(
      UUID id, String userId, String taskType, Lane lane, String description, Integer progress) {
    events.fire(
        new TaskEvent.Progressed(
            id, userId, taskType, lane, description, progress, Instant.now(clock)));
  }
}
