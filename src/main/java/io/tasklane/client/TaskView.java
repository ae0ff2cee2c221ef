package io.tasklane.client;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A task as {@code GET /api/tasks/{id}} answers it: every field of the task model. */
public record TaskView(
    UUID taskId,
    String taskType,
    String lane,
    String status,
    int priority,
    String userId,
    JsonObject parameters,
    double estimatedCpuCores,
    double estimatedRamGb,
    String description,
    Integer progress,
    Long queuePosition,
    String blockedReason,
    JsonObject result,
    String error,
    int attempts,
    int maxAttempts,
    long timeoutSeconds,
    Instant queuedAt,
    Instant startedAt,
    Instant finishedAt,
    JsonObject external) {

  /** The statuses a task never leaves. */
  public static final Set<String> FINISHED =
      Set.of("completed", "failed", "cancelled", "timed_out");

  public boolean finished() {
    return FINISHED.contains(status);
  }
}
