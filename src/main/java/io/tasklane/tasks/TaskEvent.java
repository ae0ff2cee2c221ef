package io.tasklane.tasks;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A task at one point of its life cycle, fired by {@link TaskEvents} inside the transaction that
 * made the change: synchronous observers run in that transaction and fail with it; those that must
 * not act on a rolled-back change observe it {@code during = TransactionPhase.AFTER_SUCCESS}.
 */
public sealed interface TaskEvent {
  UUID taskId();

  /** The task's owner: who may see the event besides admins. */
  String userId();

  String taskType();

  Lane lane();

  TaskStatus status();

  Instant timestamp();

  /**
   * Waiting to start: submitted, re-prioritised, or back in the queue for a retry.
   *
   * @param queuePosition 1-based place among the queued tasks of its lane, set by the publisher
   */
  record Queued(
      UUID taskId,
      String userId,
      String taskType,
      Lane lane,
      double estimatedCpuCores,
      double estimatedRamGb,
      long queuePosition,
      Instant timestamp)
      implements TaskEvent {
    @Override
    public TaskStatus status() {
      return TaskStatus.QUEUED;
    }
  }

  /** Claimed by an instance, which now runs it. */
  record Started(
      UUID taskId,
      String userId,
      String taskType,
      Lane lane,
      double estimatedCpuCores,
      double estimatedRamGb,
      Instant timestamp)
      implements TaskEvent {
    @Override
    public TaskStatus status() {
      return TaskStatus.RUNNING;
    }
  }

  /** A running task's handler said what it is doing; either may be null. */
  record Progressed(
      UUID taskId,
      String userId,
      String taskType,
      Lane lane,
      String description,
      Integer progress,
      Instant timestamp)
      implements TaskEvent {
    @Override
    public TaskStatus status() {
      return TaskStatus.RUNNING;
    }
  }

  /**
   * In a terminal status, for good.
   *
   * @param error why it did not complete, or null
   * @param resultSummary a completed task's result without its arrays and objects ({@link
   *     ResultSummary}), or null
   */
  record Ended(
      UUID taskId,
      String userId,
      String taskType,
      Lane lane,
      TaskStatus status,
      String error,
      JsonObject resultSummary,
      Instant timestamp)
      implements TaskEvent {
    public Ended {
      if (!status.isTerminal()) {
        throw new IllegalArgumentException("A " + status.wireName() + " task has not ended");
      }
    }

    public boolean succeeded() {
      return status == TaskStatus.COMPLETED;
    }
  }
}
