package io.tasklane.tasks;

import io.tasklane.events.TaskEvent;
import io.tasklane.events.TaskEventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;

/** Fires the CDI event of a task's state change, inside the transaction that made it. */
@ApplicationScoped
public class TaskEvents {
  @Inject Event<TaskEvent> events;
  @Inject Clock clock;

  public void publish(TaskEventType type, Task task) {
    events.fire(
        new TaskEvent(
            type,
            task.id(),
            task.userId(),
            task.taskType(),
            task.lane().name().toLowerCase(),
            task.status().wireName(),
            task.estimatedCpuCores(),
            task.estimatedRamGb(),
            task.description(),
            task.progress(),
            task.error(),
            task.resultJson(),
            Instant.now(clock)));
  }

  public void publishProgress(
      java.util.UUID id,
      String userId,
      String taskType,
      Lane lane,
      double cpuCores,
      double ramGb,
      String description,
      Integer progress) {
    events.fire(
        new TaskEvent(
            TaskEventType.TASK_DESCRIPTION_UPDATE,
            id,
            userId,
            taskType,
            lane.name().toLowerCase(),
            TaskStatus.RUNNING.wireName(),
            cpuCores,
            ramGb,
            description,
            progress,
            null,
            null,
            Instant.now(clock)));
  }

  /** The type that announces a task now in {@code status}. */
  public static TaskEventType typeFor(TaskStatus status) {
    return switch (status) {
      case QUEUED -> TaskEventType.TASK_QUEUED;
      case RUNNING -> TaskEventType.TASK_RUNNING;
      default -> TaskEventType.TASK_COMPLETED;
    };
  }
}
