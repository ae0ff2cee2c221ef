package io.tasklane.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskEventTest {
  private static final UUID TASK = UUID.fromString("7b0c2a4e-52a5-4d6b-9a51-1f0e0c3d2b10");

  private static String frame(String type, String status, String extra) {
    return ("{'type':'"
            + type
            + "','timestamp':'2026-01-01T00:00:00Z','resources':{'cpu_percent':12.5},"
            + "'data':{'task_id':'"
            + TASK
            + "','task_type':'backtest','user_id':'alice','status':'"
            + status
            + "'"
            + extra
            + "}}")
        .replace('\'', '"');
  }

  @Test
  void every_task_event_says_its_task_type_user_status_and_figures_alike() {
    List<TaskEvent> events =
        List.of(
            TaskEvent.decode("1", frame("task_queued", "queued", ",'queue_position':3")),
            TaskEvent.decode("2", frame("task_running", "running", "")),
            TaskEvent.decode("3", frame("task_description_update", "running", ",'progress':40")),
            TaskEvent.decode("4", frame("task_completed", "completed", ",'success':true")));
    List<Class<?>> types =
        List.of(
            TaskEvent.TaskQueued.class,
            TaskEvent.TaskRunning.class,
            TaskEvent.TaskProgress.class,
            TaskEvent.TaskCompleted.class);
    for (int i = 0; i < events.size(); i++) {
      assertInstanceOf(types.get(i), events.get(i));
      TaskEvent.OfTask event = assertInstanceOf(TaskEvent.OfTask.class, events.get(i));
      assertEquals(TASK, event.taskId());
      assertEquals("backtest", event.taskType());
      assertEquals("alice", event.userId());
      assertEquals(12.5, event.resources().getJsonNumber("cpu_percent").doubleValue());
    }
    assertEquals(
        List.of("queued", "running", "running", "completed"),
        events.stream().map(e -> ((TaskEvent.OfTask) e).status()).toList());
  }

  @Test
  void events_about_no_single_task_are_not_task_events() {
    TaskEvent heartbeat = TaskEvent.decode("5", "{\"type\":\"heartbeat\"}");
    TaskEvent step =
        TaskEvent.decode(
            "6",
            ("{'type':'pipeline_step','data':{'pipeline_id':'"
                    + UUID.randomUUID()
                    + "','step_id':'train','status':'running','task_id':'"
                    + TASK
                    + "'}}")
                .replace('\'', '"'));
    assertFalse(heartbeat instanceof TaskEvent.OfTask);
    assertFalse(step instanceof TaskEvent.OfTask);
    assertNull(assertInstanceOf(TaskEvent.Heartbeat.class, heartbeat).timestamp());
  }
}
