package io.tasklane.pipelines;

import io.tasklane.tasks.TaskStatus;
import java.util.Locale;

/**
 * A step's state: a task step follows its task ({@code queued} to {@code completed} ...); a gate
 * {@code passed} or {@code stopped}; a step whose dependency did not succeed is {@code skipped}.
 */
public enum StepStatus {
  PENDING,
  QUEUED,
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED,
  TIMED_OUT,
  PASSED,
  STOPPED,
  SKIPPED;

  public boolean isFinal() {
    return this != PENDING && this != QUEUED && this != RUNNING;
  }

  /** Steps after it may go on. */
  public boolean succeeded() {
    return this == COMPLETED || this == PASSED;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static StepStatus of(TaskStatus status) {
    return StepStatus.valueOf(status.name());
  }
}
