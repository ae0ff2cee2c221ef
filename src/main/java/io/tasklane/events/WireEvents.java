package io.tasklane.events;

import io.tasklane.resources.ResourceSnapshot;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Instant;
import java.util.Map;

/**
 * The SSE payloads, in the seed's shape: {@code {"type", "timestamp", "data"}} in snake_case, plus
 * {@code "resources"} for admins only. Pure functions, so the wire format is unit-tested.
 */
public final class WireEvents {
  public static final String INITIAL_STATE = "initial_state";
  public static final String HEARTBEAT = "heartbeat";

  /**
   * Looked up once: {@code JSON.createObjectBuilder()} and friends search the service loader for a
   * provider on every call, which shows in a fan-out that encodes every event and heartbeat.
   */
  private static final JsonProvider JSON = JsonProvider.provider();

  private WireEvents() {}

  /** A task's life-cycle event; {@code queuePosition} only for {@code task_queued}. */
  public static String of(TaskEvent event, Long queuePosition) {
    JsonObjectBuilder data =
        JSON.createObjectBuilder()
            .add("task_id", event.taskId().toString())
            .add("task_type", event.taskType())
            .add("user_id", event.userId())
            .add("status", event.status());
    switch (event.type()) {
      case TASK_QUEUED -> {
        if (queuePosition != null) {
          data.add("queue_position", queuePosition);
        }
        estimates(data, event);
      }
      case TASK_RUNNING -> estimates(data, event);
      case TASK_DESCRIPTION_UPDATE -> {
        data.add("description", text(event.description()));
        if (event.progress() != null) {
          data.add("progress", event.progress());
        }
      }
      case TASK_COMPLETED -> {
        boolean success = "completed".equals(event.status());
        data.add("success", success);
        if (success) {
          data.add("result", resultSummary(event.resultJson()));
        } else {
          data.add("error", text(event.error()));
        }
      }
    }
    return envelope(event.type().wireName(), event.timestamp(), data.build());
  }

  /** What the caller sees on connecting: the queue object of {@code GET /api/system/queue}. */
  public static String initialState(String queueJson, Instant now) {
    try (JsonReader reader = JSON.createReader(new StringReader(queueJson))) {
      return envelope(INITIAL_STATE, now, reader.readObject());
    }
  }

  public static String heartbeat(Instant now) {
    return envelope(HEARTBEAT, now, JsonValue.EMPTY_JSON_OBJECT);
  }

  /** The admin's copy of an event: the same object with the machine's figures added. */
  public static String withResources(String payload, String resources) {
    return payload.substring(0, payload.lastIndexOf('}')) + ",\"resources\":" + resources + "}";
  }

  /**
   * The seed's figures of the host: cores and RAM, total, available and used, and when sampled; and
   * the server's JVM heap, in which local tasks run.
   */
  public static String resources(ResourceSnapshot s) {
    var figures =
        JSON.createObjectBuilder()
            .add(
                "cpu",
                JSON.createObjectBuilder()
                    .add("total_cores", s.totalCores())
                    .add("available_cores", round(s.availableCores()))
                    .add("usage_percent", round(s.cpuUsage() * 100)))
            .add(
                "ram",
                JSON.createObjectBuilder()
                    .add("total_gb", round(s.totalRamGb()))
                    .add("available_gb", round(s.availableRamGb()))
                    .add("usage_percent", round(100 * (1 - s.availableRamGb() / s.totalRamGb()))));
    if (s.heap() != null) {
      figures.add(
          "heap",
          JSON.createObjectBuilder()
              .add("max_gb", round(s.heap().maxGb()))
              .add("used_gb", round(s.heap().usedGb()))
              .add("live_after_gc_gb", round(s.heap().liveAfterGcGb()))
              .add("available_gb", round(s.heap().freeGb())));
    }
    return figures.add("sampled_at", s.sampledAt().toString()).build().toString();
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /**
   * A finished task's result without its bulky parts: the scalar figures (return, Sharpe ratio,
   * trade count ...) are what a live view shows; the full result is at {@code GET /api/tasks/{id}}.
   */
  static JsonObject resultSummary(String resultJson) {
    JsonObjectBuilder summary = JSON.createObjectBuilder();
    if (resultJson == null || resultJson.isBlank()) {
      return summary.build();
    }
    try (JsonReader reader = JSON.createReader(new StringReader(resultJson))) {
      JsonValue result = reader.readValue();
      if (result.getValueType() == JsonValue.ValueType.OBJECT) {
        for (Map.Entry<String, JsonValue> field : result.asJsonObject().entrySet()) {
          switch (field.getValue().getValueType()) {
            case ARRAY, OBJECT -> {}
            default -> summary.add(field.getKey(), field.getValue());
          }
        }
      }
    }
    return summary.build();
  }

  private static void estimates(JsonObjectBuilder data, TaskEvent event) {
    data.add("estimated_cpu_cores", event.estimatedCpuCores())
        .add("estimated_ram_gb", event.estimatedRamGb());
  }

  private static String envelope(String type, Instant timestamp, JsonObject data) {
    return JSON.createObjectBuilder()
        .add("type", type)
        .add("timestamp", timestamp.toString())
        .add("data", data)
        .build()
        .toString();
  }

  private static JsonValue text(String value) {
    return value == null ? JsonValue.NULL : JSON.createValue(value);
  }
}
