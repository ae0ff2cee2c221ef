package io.tasklane.client;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One message of {@code GET /api/system/task-events}, typed by its {@code type}. {@code id} is its
 * position in the stream (what a resume sends back as {@code Last-Event-ID}); {@code resources} is
 * the host's figures, sent to admins only (else null).
 */
public sealed interface TaskEvent {
  Long id();

  Instant timestamp();

  /**
   * An event about one task: queued, running, progress or ended. {@code resources} is the host's
   * figures, sent to admins only (else null).
   */
  sealed interface OfTask extends TaskEvent {
    UUID taskId();

    String taskType();

    String userId();

    String status();

    JsonObject resources();
  }

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
      implements OfTask {}

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
      implements OfTask {}

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
      implements OfTask {}

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
      implements OfTask {}

  /** {@code sweep_progress}: more of a sweep's results stored; a few a second at most. */
  record SweepProgress(
      Long id,
      Instant timestamp,
      UUID sweepId,
      String userId,
      int combinations,
      long done,
      int progress,
      JsonObject resources)
      implements TaskEvent {}

  /**
   * {@code sweep_completed}: every chunk ended; {@code status} completed, failed or cancelled;
   * {@code top} the best results by {@code rankBy}, best first.
   */
  record SweepCompleted(
      Long id,
      Instant timestamp,
      UUID sweepId,
      String userId,
      String status,
      int combinations,
      long done,
      int progress,
      String rankBy,
      List<SweepsApi.Result> top,
      JsonObject resources)
      implements TaskEvent {}

  /**
   * {@code pipeline_step}: a step changed status; {@code taskId} null for a gate or a step that
   * never got a task; {@code detail} a gate's comparison or why a step was skipped or failed.
   */
  record PipelineStep(
      Long id,
      Instant timestamp,
      UUID pipelineId,
      String userId,
      String stepId,
      String status,
      UUID taskId,
      String detail,
      JsonObject resources)
      implements TaskEvent {}

  /** {@code pipeline_completed}: the pipeline ended (completed, stopped, failed or cancelled). */
  record PipelineCompleted(
      Long id,
      Instant timestamp,
      UUID pipelineId,
      String userId,
      String name,
      String status,
      boolean success,
      String detail,
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
      case "sweep_progress" ->
          new SweepProgress(
              position,
              at,
              uuid(d, "sweep_id"),
              text(d, "user_id"),
              d.getInt("combinations", 0),
              whole(d, "done"),
              d.getInt("progress", 0),
              resources);
      case "sweep_completed" ->
          new SweepCompleted(
              position,
              at,
              uuid(d, "sweep_id"),
              text(d, "user_id"),
              text(d, "status"),
              d.getInt("combinations", 0),
              whole(d, "done"),
              d.getInt("progress", 0),
              text(d, "rank_by"),
              results(d),
              resources);
      case "pipeline_step" ->
          new PipelineStep(
              position,
              at,
              uuid(d, "pipeline_id"),
              text(d, "user_id"),
              text(d, "step_id"),
              text(d, "status"),
              uuid(d, "task_id"),
              text(d, "detail"),
              resources);
      case "pipeline_completed" ->
          new PipelineCompleted(
              position,
              at,
              uuid(d, "pipeline_id"),
              text(d, "user_id"),
              text(d, "name"),
              text(d, "status"),
              d.getBoolean("success", false),
              text(d, "detail"),
              resources);
      case "heartbeat" -> new Heartbeat(position, at);
      default -> new Other(position, at, type, json);
    };
  }

  private static UUID uuid(JsonObject data) {
    return UUID.fromString(data.getString("task_id"));
  }

  private static UUID uuid(JsonObject data, String key) {
    String text = text(data, key);
    return text == null ? null : UUID.fromString(text);
  }

  private static long whole(JsonObject data, String key) {
    JsonNumber value = data.containsKey(key) && !data.isNull(key) ? data.getJsonNumber(key) : null;
    return value == null ? 0 : value.longValue();
  }

  private static List<SweepsApi.Result> results(JsonObject data) {
    if (!data.containsKey("top") || data.isNull("top")) {
      return List.of();
    }
    // An anonymous subclass keeps the element type for JSON-B.
    @SuppressWarnings("serial")
    Type listOfResults = new ArrayList<SweepsApi.Result>() {}.getClass().getGenericSuperclass();
    return TasklaneJson.jsonb().fromJson(data.getJsonArray("top").toString(), listOfResults);
  }

  private static String text(JsonObject data, String key) {
    return data.containsKey(key) && !data.isNull(key) ? data.getString(key) : null;
  }

  private static double number(JsonObject data, String key) {
    JsonNumber value = data.containsKey(key) && !data.isNull(key) ? data.getJsonNumber(key) : null;
    return value == null ? 0 : value.doubleValue();
  }
}
