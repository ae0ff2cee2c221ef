package io.tasklane.tasks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/**
 * A task that may start only once another completed. Kept in the database so that every instance
 * sharing it skips the waiting task and cancels it when what it waits for fails.
 */
@Entity
@Table(name = "task_dependency")
@IdClass(TaskDependency.Key.class)
public class TaskDependency {
  /** The composite key: the waiting task and the one it waits for. */
  public record Key(UUID taskId, UUID dependsOn) implements Serializable {}

  @Id
  @Column(name = "task_id")
  private UUID taskId;

  @Id
  @Column(name = "depends_on")
  private UUID dependsOn;

  protected TaskDependency() {}

  public TaskDependency(UUID taskId, UUID dependsOn) {
    this.taskId = Objects.requireNonNull(taskId);
    this.dependsOn = Objects.requireNonNull(dependsOn);
  }

  public UUID taskId() {
    return taskId;
  }

  public UUID dependsOn() {
    return dependsOn;
  }
}
