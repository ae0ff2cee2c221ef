package io.tasklane.tasks;

import io.tasklane.system.StateConflict;

/** A change the task's current state does not allow; nothing is changed. */
public class TaskConflict extends RuntimeException implements StateConflict {
  public TaskConflict(String message) {
    super(message);
  }
}
