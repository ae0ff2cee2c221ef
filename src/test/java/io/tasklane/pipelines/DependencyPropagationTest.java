package io.tasklane.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.tasks.Lane;
import io.tasklane.tasks.Task;
import io.tasklane.tasks.TaskEvent;
import io.tasklane.tasks.TaskEvents;
import io.tasklane.tasks.TaskStatus;
import io.tasklane.tasks.TaskStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DependencyPropagationTest {
  static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

  final Map<UUID, List<Task>> dependents = new HashMap<>();
  final List<UUID> announced = new ArrayList<>();
  final DependencyPropagation propagation = new DependencyPropagation();

  DependencyPropagationTest() {
    propagation.tasks =
        new TaskStore() {
          @Override
          public List<Task> queuedDependentsOf(UUID id) {
            return dependents.getOrDefault(id, List.of()).stream()
                .filter(t -> t.status() == TaskStatus.QUEUED)
                .toList();
          }

          @Override
          public void flush() {}
        };
    // Each cancellation is an end in its own right: announce it back, as CDI does.
    propagation.events =
        new TaskEvents() {
          @Override
          public void publish(Task task) {
            announced.add(task.id());
            propagation.onTaskEvent(ended(task.id(), task.status()));
          }
        };
    propagation.clock = Clock.fixed(NOW, ZoneOffset.UTC);
  }

  static Task task() {
    return new Task(
        UUID.randomUUID(), "backtest", Lane.LOCAL, "alice", 0, "{}", 1, 0.5, 3, 60, NOW);
  }

  static TaskEvent.Ended ended(UUID id, TaskStatus status) {
    return new TaskEvent.Ended(id, "alice", "backtest", Lane.LOCAL, status, null, null, NOW);
  }

  @Test
  void a_failed_task_cancels_its_dependents_down_the_chain_naming_what_they_waited_for() {
    UUID failed = UUID.randomUUID();
    Task second = task();
    Task third = task();
    dependents.put(failed, List.of(second));
    dependents.put(second.id(), List.of(third));

    propagation.onTaskEvent(ended(failed, TaskStatus.FAILED));

    assertEquals(TaskStatus.CANCELLED, second.status());
    assertEquals("Cancelled: task " + failed + " it depends on failed", second.error());
    assertEquals(TaskStatus.CANCELLED, third.status());
    assertEquals("Cancelled: task " + second.id() + " it depends on was cancelled", third.error());
    assertEquals(List.of(second.id(), third.id()), announced);
  }

  @Test
  void a_timed_out_dependency_is_named_as_such_and_a_completed_one_cancels_nothing() {
    UUID done = UUID.randomUUID();
    UUID late = UUID.randomUUID();
    Task waitsForDone = task();
    Task waitsForLate = task();
    dependents.put(done, List.of(waitsForDone));
    dependents.put(late, List.of(waitsForLate));

    propagation.onTaskEvent(ended(done, TaskStatus.COMPLETED));
    propagation.onTaskEvent(ended(late, TaskStatus.TIMED_OUT));

    assertEquals(TaskStatus.QUEUED, waitsForDone.status());
    assertTrue(waitsForLate.error().endsWith("it depends on timed out"), waitsForLate.error());
  }
}
