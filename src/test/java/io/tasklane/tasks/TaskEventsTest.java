package io.tasklane.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class TaskEventsTest {
  static final Instant T0 = Instant.parse("2026-01-15T10:30:00Z");

  final List<TaskEvent> fired = new ArrayList<>();
  final TaskEvents publisher = publisher();

  TaskEvents publisher() {
    TaskEvents p = new TaskEvents();
    p.events = new Recorder();
    p.tasks =
        new TaskStore() {
          @Override
          public Long queuePosition(Task task) {
            return task.status() == TaskStatus.QUEUED ? 4L : null;
          }
        };
    p.clock = Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC);
    return p;
  }

  static Task newTask() {
    return new Task(
        UUID.randomUUID(), "backtest", Lane.LOCAL, "alice", 0, "{}", 1.5, 0.25, 3, 60, T0);
  }

  @Test
  void a_queued_task_is_announced_with_its_place_in_its_lane_and_its_estimates() {
    Task task = newTask();
    publisher.publish(task);
    TaskEvent.Queued queued = assertInstanceOf(TaskEvent.Queued.class, fired.get(0));
    assertEquals(
        new TaskEvent.Queued(
            task.id(), "alice", "backtest", Lane.LOCAL, 1.5, 0.25, 4, T0.plusSeconds(5)),
        queued);
    assertEquals(TaskStatus.QUEUED, queued.status());
  }

  @Test
  void a_claimed_task_is_announced_as_started() {
    Task task = newTask();
    task.start("node-a/1", T0, T0.plusSeconds(15));
    publisher.publish(task);
    TaskEvent.Started started = assertInstanceOf(TaskEvent.Started.class, fired.get(0));
    assertEquals(TaskStatus.RUNNING, started.status());
    assertEquals(1.5, started.estimatedCpuCores());
  }

  @Test
  void a_cancelled_task_is_announced_as_ended_with_its_status_and_no_result() {
    Task task = newTask();
    task.cancel(T0);
    publisher.publish(task);
    TaskEvent.Ended ended = assertInstanceOf(TaskEvent.Ended.class, fired.get(0));
    assertEquals(TaskStatus.CANCELLED, ended.status());
    assertFalse(ended.succeeded());
    assertNull(ended.resultSummary());
  }

  @Test
  void a_completed_task_is_announced_as_a_successful_end_with_its_results_summary() {
    Task task = newTask();
    task.start("node-a/1", T0, T0.plusSeconds(15));
    task.complete("{\"trade_count\":7,\"equity_curve\":[1,2]}", T0.plusSeconds(3));
    publisher.publish(task);
    TaskEvent.Ended ended = assertInstanceOf(TaskEvent.Ended.class, fired.get(0));
    assertTrue(ended.succeeded());
    assertEquals("{\"trade_count\":7}", ended.resultSummary().toString());
  }

  @Test
  void a_completion_whose_summary_is_at_hand_is_announced_with_it() {
    Task task = newTask();
    task.start("node-a/1", T0, T0.plusSeconds(15));
    task.complete("{\"trade_count\":7}", T0.plusSeconds(3));
    JsonObject summary = Json.createObjectBuilder().add("trade_count", 7).build();
    publisher.publishCompleted(task, summary);
    TaskEvent.Ended ended = assertInstanceOf(TaskEvent.Ended.class, fired.get(0));
    assertSame(summary, ended.resultSummary());
    assertEquals(TaskStatus.COMPLETED, ended.status());
  }

  @Test
  void only_a_completed_task_is_announced_with_a_summary_at_hand() {
    Task task = newTask();
    task.cancel(T0);
    assertThrows(
        IllegalArgumentException.class,
        () -> publisher.publishCompleted(task, JsonValue.EMPTY_JSON_OBJECT));
    assertTrue(fired.isEmpty());
  }

  @Test
  void progress_is_announced_for_a_running_task() {
    UUID id = UUID.randomUUID();
    publisher.publishProgress(id, "alice", "backtest", Lane.LOCAL, "Day 3 of 9", 33);
    assertEquals(
        new TaskEvent.Progressed(
            id, "alice", "backtest", Lane.LOCAL, "Day 3 of 9", 33, T0.plusSeconds(5)),
        fired.get(0));
    assertEquals(TaskStatus.RUNNING, fired.get(0).status());
  }

  /** Keeps what is fired, as the CDI container would hand it to the observers. */
  class Recorder implements Event<TaskEvent> {
    @Override
    public void fire(TaskEvent event) {
      fired.add(event);
    }

    @Override
    public <U extends TaskEvent> CompletionStage<U> fireAsync(U event) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <U extends TaskEvent> CompletionStage<U> fireAsync(
        U event, NotificationOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Event<TaskEvent> select(Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <U extends TaskEvent> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <U extends TaskEvent> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }
  }
}
