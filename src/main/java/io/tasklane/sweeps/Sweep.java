package io.tasklane.sweeps;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored sweep.
 *
 * @param definition its {@link SweepPlan#toJson()}
 * @param status {@code running} until every chunk ended, then {@code completed}, {@code failed} (a
 *     chunk failed) or {@code cancelled}
 */
record Sweep(
    UUID id,
    String userId,
    String status,
    String strategy,
    String definition,
    int combinations,
    String rankBy,
    boolean walkForward,
    Instant createdAt,
    Instant finishedAt) {
  static final String RUNNING = "running";
  static final String COMPLETED = "completed";
  static final String FAILED = "failed";
  static final String CANCELLED = "cancelled";

  boolean isVisibleTo(String caller, boolean admin) {
    return admin || userId.equals(caller);
  }

  /** A chunk task and the combinations it runs: {@code [first, first + size)}. */
  record Chunk(UUID taskId, int first, int size) {}
}
