package io.tasklane.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A snapshot of a task at one life-cycle point. Observers that must not act on a rolled-back change
 * observe it {@code during = TransactionPhase.AFTER_SUCCESS}.
 *
 * @param status the task's status on the wire ({@code queued}, {@code running}, ...)
 * @param resultJson a finished task's result, or null
 */
public record TaskEvent(
    TaskEventType type,
    UUID taskId,
    String userId,
    String taskType,
    String lane,
    String status,
    double estimatedCpuCores,
    double estimatedRamGb,
    String description,
    Integer progress,
    String error,
    String resultJson,
    Instant timestamp) {

  public boolean isTerminal() {
    return type == TaskEventType.TASK_COMPLETED;
  }
}
