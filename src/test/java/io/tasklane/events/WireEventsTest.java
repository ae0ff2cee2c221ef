package io.tasklane.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.resources.ResourceSnapshot;
import io.tasklane.sweeps.SweepEvent;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.ResultSummary;
import io.tasklane.tasks.TaskEvent;
import io.tasklane.tasks.TaskStatus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WireEventsTest {
  static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000abc");
  static final Instant AT = Instant.parse("2026-01-15T10:30:00Z");

  static TaskEvent.Queued queued(long position) {
    return new TaskEvent.Queued(ID, "alice", "backtest", Lane.LOCAL, 1.0, 0.5, position, AT);
  }

  static TaskEvent.Started started() {
    return new TaskEvent.Started(ID, "alice", "backtest", Lane.LOCAL, 1.0, 0.5, AT);
  }

  static TaskEvent.Progressed progressed(String description, Integer progress) {
    return new TaskEvent.Progressed(ID, "alice", "backtest", Lane.LOCAL, description, progress, AT);
  }

  static TaskEvent.Ended ended(TaskStatus status, String error, String result) {
    JsonObject summary = result == null ? null : ResultSummary.of(result);
    return new TaskEvent.Ended(ID, "alice", "backtest", Lane.LOCAL, status, error, summary, AT);
  }

  static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  @Test
  void a_queued_event_has_the_seeds_shape_in_snake_case() {
    JsonObject json = parse(WireEvents.of(queued(3)));
    assertEquals("task_queued", json.getString("type"));
    assertEquals("2026-01-15T10:30:00Z", json.getString("timestamp"));
    JsonObject data = json.getJsonObject("data");
    assertEquals(ID.toString(), data.getString("task_id"));
    assertEquals("backtest", data.getString("task_type"));
    assertEquals("alice", data.getString("user_id"));
    assertEquals(3, data.getInt("queue_position"));
    assertEquals(1.0, data.getJsonNumber("estimated_cpu_cores").doubleValue());
    assertEquals(0.5, data.getJsonNumber("estimated_ram_gb").doubleValue());
    assertFalse(json.containsKey("resources"), "figures are added per admin client only");
  }

  @Test
  void a_progress_event_carries_description_and_percentage() {
    JsonObject data =
        parse(WireEvents.of(progressed("Backtesting day 15 of 30...", 40))).getJsonObject("data");
    assertEquals("Backtesting day 15 of 30...", data.getString("description"));
    assertEquals(40, data.getInt("progress"));
  }

  @Test
  void a_completed_event_summarises_the_result_without_its_arrays() {
    String result = "{\"total_return\":0.12,\"trade_count\":7,\"equity_curve\":[1,2,3],\"x\":{}}";
    JsonObject data =
        parse(WireEvents.of(ended(TaskStatus.COMPLETED, null, result))).getJsonObject("data");
    assertTrue(data.getBoolean("success"));
    assertEquals("completed", data.getString("status"));
    JsonObject summary = data.getJsonObject("result");
    assertEquals(0.12, summary.getJsonNumber("total_return").doubleValue());
    assertEquals(7, summary.getInt("trade_count"));
    assertFalse(summary.containsKey("equity_curve"));
    assertFalse(summary.containsKey("x"));
  }

  @Test
  void a_failed_or_cancelled_task_is_not_a_success_and_says_why() {
    JsonObject data =
        parse(WireEvents.of(ended(TaskStatus.FAILED, "Boom", null))).getJsonObject("data");
    assertFalse(data.getBoolean("success"));
    assertEquals("failed", data.getString("status"));
    assertEquals("Boom", data.getString("error"));
  }

  @Test
  void the_admin_copy_adds_resources_to_the_same_object() {
    String payload = WireEvents.heartbeat(AT);
    JsonObject admin = parse(WireEvents.withResources(payload, "{\"cpu\":{\"total_cores\":2}}"));
    assertEquals("heartbeat", admin.getString("type"));
    assertEquals(2, admin.getJsonObject("resources").getJsonObject("cpu").getInt("total_cores"));
    assertFalse(parse(payload).containsKey("resources"));
  }

  @Test
  void the_resource_figures_are_rounded_to_two_decimals_with_their_sample_time() {
    JsonObject resources = parse(WireEvents.resources(new ResourceSnapshot(2, 0.25, 8.0, 2.0, AT)));
    JsonObject cpu = resources.getJsonObject("cpu");
    assertEquals(2, cpu.getInt("total_cores"));
    assertEquals(1.5, cpu.getJsonNumber("available_cores").doubleValue());
    assertEquals(25.0, cpu.getJsonNumber("usage_percent").doubleValue());
    JsonObject ram = resources.getJsonObject("ram");
    assertEquals(8.0, ram.getJsonNumber("total_gb").doubleValue());
    assertEquals(2.0, ram.getJsonNumber("available_gb").doubleValue());
    assertEquals(75.0, ram.getJsonNumber("usage_percent").doubleValue());
    assertEquals("2026-01-15T10:30:00Z", resources.getString("sampled_at"));
  }

  @Test
  void the_admins_figures_include_the_jvm_heap_local_tasks_run_in() {
    JsonObject heap =
        parse(
                WireEvents.resources(
                    new ResourceSnapshot(
                        2,
                        0.25,
                        8.0,
                        2.0,
                        AT,
                        null,
                        new io.tasklane.resources.JvmHeap(6, 5.8, 1.3))))
            .getJsonObject("heap");
    assertEquals(6.0, heap.getJsonNumber("max_gb").doubleValue());
    assertEquals(5.8, heap.getJsonNumber("used_gb").doubleValue());
    assertEquals(1.3, heap.getJsonNumber("live_after_gc_gb").doubleValue());
    assertEquals(4.7, heap.getJsonNumber("available_gb").doubleValue());
  }

  @Test
  void the_initial_state_wraps_the_queue_view() {
    JsonObject json =
        parse(WireEvents.initialState("{\"queued_count\":1,\"running_count\":0}", AT));
    assertEquals("initial_state", json.getString("type"));
    assertEquals(1, json.getJsonObject("data").getInt("queued_count"));
  }

  // The exact payloads the wire carried before the events were typed: clients parse these bytes.

  @Test
  void a_queued_event_is_encoded_byte_for_byte_as_before() {
    assertEquals(
        "{\"type\":\"task_queued\",\"timestamp\":\"2026-01-15T10:30:00Z\",\"data\":{\"task_id\":\"00000000-0000-0000-0000-000000000abc\",\"task_type\":\"backtest\",\"user_id\":\"alice\",\"status\":\"queued\",\"queue_position\":3,\"estimated_cpu_cores\":1.0,\"estimated_ram_gb\":0.5}}",
        WireEvents.of(queued(3)));
  }

  @Test
  void a_started_event_is_encoded_byte_for_byte_as_before() {
    assertEquals(
        "{\"type\":\"task_running\",\"timestamp\":\"2026-01-15T10:30:00Z\",\"data\":{\"task_id\":\"00000000-0000-0000-0000-000000000abc\",\"task_type\":\"backtest\",\"user_id\":\"alice\",\"status\":\"running\",\"estimated_cpu_cores\":1.0,\"estimated_ram_gb\":0.5}}",
        WireEvents.of(started()));
  }

  @Test
  void a_progress_event_is_encoded_byte_for_byte_as_before() {
    assertEquals(
        "{\"type\":\"task_description_update\",\"timestamp\":\"2026-01-15T10:30:00Z\",\"data\":{\"task_id\":\"00000000-0000-0000-0000-000000000abc\",\"task_type\":\"backtest\",\"user_id\":\"alice\",\"status\":\"running\",\"description\":\"Day \\\"15\\\"\",\"progress\":40}}",
        WireEvents.of(progressed("Day \"15\"", 40)));
    assertEquals(
        "{\"type\":\"task_description_update\",\"timestamp\":\"2026-01-15T10:30:00Z\",\"data\":{\"task_id\":\"00000000-0000-0000-0000-000000000abc\",\"task_type\":\"backtest\",\"user_id\":\"alice\",\"status\":\"running\",\"description\":null}}",
        WireEvents.of(progressed(null, null)));
  }

  @Test
  void a_completed_event_is_encoded_byte_for_byte_as_before() {
    assertEquals(
        "{\"type\":\"task_completed\",\"timestamp\":\"2026-01-15T10:30:00Z\",\"data\":{\"task_id\":\"00000000-0000-0000-0000-000000000abc\",\"task_type\":\"backtest\",\"user_id\":\"alice\",\"status\":\"completed\",\"success\":true,\"result\":{\"total_return\":0.12,\"trade_count\":7}}}",
        WireEvents.of(
            ended(
                TaskStatus.COMPLETED,
                null,
                "{\"total_return\":0.12,\"trade_count\":7,\"equity_curve\":[1,2,3],\"x\":{}}")));
  }

  @Test
  void a_cancelled_or_timed_out_event_is_encoded_byte_for_byte_as_before() {
    assertEquals(
        "{\"type\":\"task_completed\",\"timestamp\":\"2026-01-15T10:30:00Z\",\"data\":{\"task_id\":\"00000000-0000-0000-0000-000000000abc\",\"task_type\":\"backtest\",\"user_id\":\"alice\",\"status\":\"cancelled\",\"success\":false,\"error\":null}}",
        WireEvents.of(ended(TaskStatus.CANCELLED, null, null)));
    assertEquals(
        "{\"type\":\"task_completed\",\"timestamp\":\"2026-01-15T10:30:00Z\",\"data\":{\"task_id\":\"00000000-0000-0000-0000-000000000abc\",\"task_type\":\"backtest\",\"user_id\":\"alice\",\"status\":\"timed_out\",\"success\":false,\"error\":\"Took longer than 60 s\"}}",
        WireEvents.of(ended(TaskStatus.TIMED_OUT, "Took longer than 60 s", null)));
  }

  @Test
  void an_ended_event_refuses_a_status_that_has_not_ended() {
    assertThrows(IllegalArgumentException.class, () -> ended(TaskStatus.RUNNING, null, null));
  }

  @Test
  void a_sweeps_progress_and_end_go_out_in_the_same_envelope_with_their_figures() {
    UUID id = UUID.randomUUID();
    Instant at = Instant.parse("2026-01-15T10:30:00Z");
    JsonObject progress = parse(WireEvents.of(new SweepEvent.Progressed(id, "alice", 200, 50, at)));
    assertEquals("sweep_progress", progress.getString("type"));
    assertEquals("2026-01-15T10:30:00Z", progress.getString("timestamp"));
    assertEquals(id.toString(), progress.getJsonObject("data").getString("sweep_id"));
    assertEquals(50, progress.getJsonObject("data").getInt("done"));
    assertEquals(25, progress.getJsonObject("data").getInt("progress"));

    JsonObject completed =
        parse(
            WireEvents.of(
                new SweepEvent.Completed(
                    id,
                    "alice",
                    "completed",
                    200,
                    200,
                    "sharpe_ratio",
                    Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("combination", 7))
                        .build(),
                    at)));
    assertEquals("sweep_completed", completed.getString("type"));
    JsonObject data = completed.getJsonObject("data");
    assertEquals("completed", data.getString("status"));
    assertEquals("alice", data.getString("user_id"));
    assertEquals(100, data.getInt("progress"));
    assertEquals(7, data.getJsonArray("top").getJsonObject(0).getInt("combination"));
  }
}
