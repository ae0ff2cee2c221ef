package io.tasklane.client;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.UUID;

/**
 * One message of {@code GET /api/system/task-events}, typed by its {@code type}. {@code id} is its
 * position in the stream (what a resume sends back as {@code Last-Event-ID}); {@code resources} is
 * the host's figures, sent to admins only (else null).
 */
public sealed interface TaskEvent {
  Long id();

  Instant timestamp();

  /** On connecting (not on a resume): what {@code GET /api/system/queue} answers. */
  record InitialState(Long id, Instant timestamp, JsonObject queue) implements TaskEvent {}

  /** Submitted, re-queued or re-prioritised. */
  record TaskQueued(
      Long id,
      Instant timestamp,
      UUID taskId,
      String taskType,
      String userId,
      String status,
      Long queuePosition,
      double estimatedCpuCores,
      double estimatedRamGb,
      JsonObject resources)
      implements TaskEvent {}

  /** Admitted: it runs. */
  record TaskRunning(
      Long id,
      Instant timestamp,
      UUID taskId,
      String taskType,
      String userId,
      String status,
      double estimatedCpuCores,
      double estimatedRamGb,
      JsonObject resources)
      implements TaskEvent {}

  /** {@code task_description_update}: progress, at most every 250 ms a task. */
  record TaskProgress(
      Long id,
      Instant timestamp,
      UUID taskId,
      String taskType,
      String userId,
      String status,
      String description,
      Integer progress,
      JsonObject resources)
      implements TaskEvent {}

  /**
   * Completed, failed, cancelled or timed out: {@code result} holds the scalar figures when it
   * succeeded (the full result is at {@code GET /api/tasks/{id}}), {@code error} otherwise.
   */
  record TaskCompleted(
      Long id,
      Instant timestamp,
      UUID taskId,
      String taskType,
      String userId,
      String status,
      boolean success,
      JsonObject result,
      String error,
      JsonObject resources)
      implements TaskEvent {}

  record Heartbeat(Long id, Instant timestamp) implements TaskEvent {}

  /** A type this client does not know yet: newer servers may send more. */
  record Other(Long id, Instant timestamp, String type, JsonObject json) implements TaskEvent {}

  /** The event of one SSE message: its {@code id:} line (or null) and its {@code data:}. */
  static TaskEvent decode(String id, String data) {
    Long position = id == null || id.isBlank() ? null : Long.valueOf(id.trim());
    JsonObject json;
    try (JsonReader reader = Json.createReader(new StringReader(data))) {
      json = reader.readObject();
    }
    String type = json.getString("type", "");
    Instant at = json.containsKey("timestamp") ? Instant.parse(json.getString("timestamp")) : null;
    JsonObject d =
        json.containsKey("data") ? json.getJsonObject("data") : JsonValue.EMPTY_JSON_OBJECT;
    JsonObject resources = json.containsKey("resources") ? json.getJsonObject("resources") : null;
    return switch (type) {
      case "initial_state" -> new InitialState(position, at, d);
      case "task_queued" ->
          new TaskQueued(
              position,
              at,
              uuid(d),
              text(d, "task_type"),
              text(d, "user_id"),
              text(d, "status"),
              d.containsKey("queue_position") && !d.isNull("queue_position")
                  ? d.getJsonNumber("queue_position").longValue()
                  : null,
              number(d, "estimated_cpu_cores"),
              number(d, "estimated_ram_gb"),
              resources);
      case "task_running" ->
          new TaskRunning(
              position,
              at,
              uuid(d),
              text(d, "task_type"),
              text(d, "user_id"),
              text(d, "status"),
              number(d, "estimated_cpu_cores"),
              number(d, "estimated_ram_gb"),
              resources);
      case "task_description_update" ->
          new TaskProgress(
              position,
              at,
              uuid(d),
              text(d, "task_type"),
              text(d, "user_id"),
              text(d, "status"),
              text(d, "description"),
              d.containsKey("progress") && !d.isNull("progress") ? d.getInt("progress") : null,
              resources);
      case "task_completed" ->
          new TaskCompleted(
              position,
              at,
              uuid(d),
              text(d, "task_type"),
              text(d, "user_id"),
              text(d, "status"),
              d.getBoolean("success", false),
              d.containsKey("result") && !d.isNull("result") ? d.getJsonObject("result") : null,
              text(d, "error"),
              resources);
      case "heartbeat" -> new Heartbeat(position, at);
      default -> new Other(position, at, type, json);
    };
  }

  private static UUID uuid(JsonObject data) {
    return UUID.fromString(data.getString("task_id"));
  }

  private static String text(JsonObject data, String key) {
    return data.containsKey(key) && !data.isNull(key) ? data.getString(key) : null;
  }

  private static double number(JsonObject data, String key) {
    JsonNumber value = data.containsKey(key) && !data.isNull(key) ? data.getJsonNumber(key) : null;
    return value == null ? 0 : value.doubleValue();
  }
}
