package io.tasklane.events;

import io.tasklane.pipelines.PipelineEvent;
import io.tasklane.resources.ResourceSnapshot;
import io.tasklane.sweeps.SweepEvent;
import io.tasklane.tasks.TaskEvent;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Instant;

/**
 * The SSE payloads, in the seed's shape: {@code {"type", "timestamp", "data"}} in snake_case, plus
 * {@code "resources"} for admins only. Pure functions, so the wire format is unit-tested.
 */
public final class WireEvents {
  public static final String TASK_QUEUED = "task_queued";
  public static final String TASK_RUNNING = "task_running";
  public static final String TASK_DESCRIPTION_UPDATE = "task_description_update";
  public static final String TASK_COMPLETED = "task_completed";
  public static final String INITIAL_STATE = "initial_state";
  public static final String HEARTBEAT = "heartbeat";
  public static final String SWEEP_PROGRESS = "sweep_progress";
  public static final String SWEEP_COMPLETED = "sweep_completed";
  public static final String PIPELINE_STEP = "pipeline_step";
  public static final String PIPELINE_COMPLETED = "pipeline_completed";

  /**
   * Looked up once: {@code JSON.createObjectBuilder()} and friends search the service loader for a
   * provider on every call, which shows in a fan-out that encodes every event and heartbeat.
   */
  private static final JsonProvider JSON = JsonProvider.provider();

  private WireEvents() {}

  /** A task's life-cycle event as every client allowed to see it gets it. */
  public static String of(TaskEvent event) {
    JsonObjectBuilder data =
        JSON.createObjectBuilder()
            .add("task_id", event.taskId().toString())
            .add("task_type", event.taskType())
            .add("user_id", event.userId())
            .add("status", event.status().wireName());
    String type;
    if (event instanceof TaskEvent.Queued queued) {
      type = TASK_QUEUED;
      data.add("queue_position", queued.queuePosition());
      estimates(data, queued.estimatedCpuCores(), queued.estimatedRamGb());
    } else if (event instanceof TaskEvent.Started started) {
      type = TASK_RUNNING;
      estimates(data, started.estimatedCpuCores(), started.estimatedRamGb());
    } else if (event instanceof TaskEvent.Progressed progressed) {
      type = TASK_DESCRIPTION_UPDATE;
      data.add("description", text(progressed.description()));
      if (progressed.progress() != null) {
        data.add("progress", progressed.progress());
      }
    } else {
      TaskEvent.Ended ended = (TaskEvent.Ended) event;
      type = TASK_COMPLETED;
      data.add("success", ended.succeeded());
      if (ended.succeeded()) {
        data.add("result", ended.resultSummary());
      } else {
        data.add("error", text(ended.error()));
      }
    }
    return envelope(type, event.timestamp(), data.build());
  }

  /** A sweep's progress or end as its owner and the admins get it. */
  public static String of(SweepEvent event) {
    JsonObjectBuilder data =
        JSON.createObjectBuilder()
            .add("sweep_id", event.sweepId().toString())
            .add("user_id", event.userId());
    if (event instanceof SweepEvent.Progressed progressed) {
      data.add("combinations", progressed.combinations())
          .add("done", progressed.done())
          .add("progress", percent(progressed.done(), progressed.combinations()));
      return envelope(SWEEP_PROGRESS, event.timestamp(), data.build());
    }
    SweepEvent.Completed completed = (SweepEvent.Completed) event;
    data.add("status", completed.status())
        .add("combinations", completed.combinations())
        .add("done", completed.done())
        .add("progress", percent(completed.done(), completed.combinations()))
        .add("rank_by", completed.rankBy())
        .add("top", completed.top());
    return envelope(SWEEP_COMPLETED, event.timestamp(), data.build());
  }

  private static int percent(long done, int of) {
    return of == 0 ? 100 : (int) (done * 100 / of);
  }

  /** A pipeline's step changed ({@code pipeline_step}) or the pipeline ended. */
  public static String of(PipelineEvent event) {
    JsonObjectBuilder data =
        JSON.createObjectBuilder()
            .add("pipeline_id", event.pipelineId().toString())
            .add("user_id", event.userId());
    String type;
    if (event instanceof PipelineEvent.StepChanged step) {
      type = PIPELINE_STEP;
      data.add("step_id", step.stepId()).add("status", step.status());
      data.add(
          "task_id",
          step.taskId() == null ? JsonValue.NULL : JSON.createValue(step.taskId().toString()));
      data.add("detail", text(step.detail()));
    } else {
      PipelineEvent.Ended ended = (PipelineEvent.Ended) event;
      type = PIPELINE_COMPLETED;
      data.add("name", ended.name())
          .add("status", ended.status())
          .add("success", "completed".equals(ended.status()))
          .add("detail", text(ended.detail()));
    }
    return envelope(type, event.timestamp(), data.build());
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

  private static void estimates(JsonObjectBuilder data, double cpuCores, double ramGb) {
    data.add("estimated_cpu_cores", cpuCores).add("estimated_ram_gb", ramGb);
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
