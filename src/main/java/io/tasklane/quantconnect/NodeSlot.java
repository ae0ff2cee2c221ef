package io.tasklane.quantconnect;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One backtest node of the account, free or held by a task from admission to a terminal state. */
@Entity
@Table(name = "qc_node_slot")
public class NodeSlot {
  @Id private int slot;

  @Column(name = "task_id")
  private UUID taskId;

  @Column(name = "project_id")
  private Long projectId;

  @Column(name = "backtest_id", length = 64)
  private String backtestId;

  @Column(name = "acquired_at")
  private Instant acquiredAt;

  /** When a backtest of ours on it last ended or was deleted; null once a slot went unused. */
  @Column(name = "node_freed_at")
  private Instant nodeFreedAt;

  /** When its task sent {@code backtests/create}; null before. */
  @Column(name = "create_sent_at")
  private Instant createSentAt;

  protected NodeSlot() {}

  boolean isFree() {
    return taskId == null;
  }

  boolean isHeldBy(UUID task) {
    return task.equals(taskId);
  }

  void assign(UUID task, Instant now) {
    this.taskId = task;
    this.acquiredAt = now;
    this.projectId = null;
    this.backtestId = null;
    this.createSentAt = null;
  }

  public int slot() {
    return slot;
  }

  public UUID taskId() {
    return taskId;
  }

  public Long projectId() {
    return projectId;
  }

  public String backtestId() {
    return backtestId;
  }

  public Instant acquiredAt() {
    return acquiredAt;
  }

  public Instant createSentAt() {
    return createSentAt;
  }

  Instant nodeFreedAt() {
    return nodeFreedAt;
  }

  /** Taken within {@code window} of our own backtest on it ending: the node is ours to use. */
  boolean takenOverFromOurOwn(java.time.Duration window) {
    return nodeFreedAt != null
        && acquiredAt != null
        && !acquiredAt.isAfter(nodeFreedAt.plus(window));
  }

  /** As {@link NodeCapacity} weighs it. */
  NodeCapacity.Holder asHolder() {
    return new NodeCapacity.Holder(
        taskId, acquiredAt, slot, createSentAt != null, backtestId != null);
  }
}
