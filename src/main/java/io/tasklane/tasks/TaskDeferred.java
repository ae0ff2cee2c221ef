package io.tasklane.tasks;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a handler that cannot proceed now for a reason outside the task (a remote capacity
 * limit, credentials being fixed): the task goes back to the head of its lane, waits {@code delay},
 * shows {@code reason} as its {@code blocked_reason}, and the attempt does not count.
 */
public class TaskDeferred extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Duration delay;

  public TaskDeferred(String reason, Duration delay) {
    super(Objects.requireNonNull(reason), null, false, false);
    this.delay = Objects.requireNonNull(delay);
  }

  public Duration delay() {
    return delay;
  }
}
