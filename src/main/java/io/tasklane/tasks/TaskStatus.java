package io.tasklane.tasks;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The task life cycle. The table of allowed transitions lives here and only here; every change of
 * status goes through {@link #requireTransitionTo}.
 */
public enum TaskStatus {
  QUEUED,
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED,
  TIMED_OUT;

  private Set<TaskStatus> next() {
    return switch (this) {
      case QUEUED -> EnumSet.of(RUNNING, CANCELLED, FAILED);
      // RUNNING -> QUEUED: a retry after a transient fault, or a worker lost in a crash.
      case RUNNING -> EnumSet.of(COMPLETED, FAILED, CANCELLED, TIMED_OUT, QUEUED);
      case COMPLETED, FAILED, CANCELLED, TIMED_OUT -> EnumSet.noneOf(TaskStatus.class);
    };
  }

  public boolean canMoveTo(TaskStatus target) {
    return next().contains(target);
  }

  public boolean isTerminal() {
    return next().isEmpty();
  }

  /** Throws {@link IllegalTransition} unless the transition is in the table. */
  public void requireTransitionTo(TaskStatus target) {
    if (!canMoveTo(target)) {
      throw new IllegalTransition(this, target);
    }
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status of that wire name, or empty if there is none. */
  public static Optional<TaskStatus> fromWire(String value) {
    for (TaskStatus status : values()) {
      if (status.wireName().equals(value)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
