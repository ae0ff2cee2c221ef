package io.tasklane.tasks;

import java.util.UUID;

/** A queued task and one of the tasks it waits for, which has not completed. */
public record DependencyWait(UUID taskId, UUID dependsOn, TaskStatus status) {
  /** The blocked reason: "Waiting for task 5f0c... (running)". */
  public String reason() {
    return "Waiting for task " + dependsOn + " (" + status.wireName() + ")";
  }
}
