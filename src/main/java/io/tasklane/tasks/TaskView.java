package io.tasklane.tasks;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.UUID;

/** A task on the wire: every field of the task model, snake_case by the JSON settings. */
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

  public static TaskView of(Task task, Long queuePosition) {
    return new TaskView(
        task.id(),
        task.taskType(),
        task.lane().name().toLowerCase(),
        task.status().wireName(),
        task.priority(),
        task.userId(),
        json(task.parametersJson()),
        task.estimatedCpuCores(),
        task.estimatedRamGb(),
        task.description(),
        task.progress(),
        queuePosition,
        blockedReason(task, queuePosition),
        json(task.resultJson()),
        task.error(),
        task.attempts(),
        task.maxAttempts(),
        task.timeoutSeconds(),
        task.queuedAt(),
        task.startedAt(),
        task.finishedAt(),
        json(task.externalJson()));
  }

  /** Tasks deep in the queue have no reason of their own recorded: they wait for those ahead. */
  static String blockedReason(Task task, Long queuePosition) {
    if (task.blockedReason() != null || queuePosition == null || queuePosition <= 1) {
      return task.blockedReason();
    }
    long ahead = queuePosition - 1;
    return "Waiting for " + ahead + (ahead == 1 ? " task" : " tasks") + " ahead in its lane";
  }

  static JsonObject json(String text) {
    if (text == null) {
      return null;
    }
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }
}
