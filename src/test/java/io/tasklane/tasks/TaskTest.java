package io.tasklane.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskTest {
  private static final Instant T0 = Instant.parse("2026-01-15T10:30:00Z");

  private static Task newTask(int maxAttempts) {
    return new Task(
        UUID.randomUUID(), "backtest", Lane.LOCAL, "alice", 0, "{}", 1.0, 0.5, maxAttempts, 60, T0);
  }

  @Test
  void a_new_task_is_queued_with_no_attempts() {
    Task task = newTask(3);
    assertEquals(TaskStatus.QUEUED, task.status());
    assertEquals(0, task.attempts());
    assertEquals(T0, task.queuedAt());
  }

  @Test
  void starting_counts_an_attempt_and_takes_a_lease() {
    Task task = newTask(3);
    task.start("node-a/1", T0.plusSeconds(1), T0.plusSeconds(16));
    assertEquals(TaskStatus.RUNNING, task.status());
    assertEquals(1, task.attempts());
    assertEquals("node-a/1", task.leaseOwner());
    assertEquals(T0.plusSeconds(16), task.leaseExpiresAt());
    assertEquals(T0.plusSeconds(1), task.startedAt());
  }

  @Test
  void completing_stores_the_result_and_releases_the_lease() {
    Task task = newTask(3);
    task.start("node-a/1", T0, T0.plusSeconds(15));
    task.complete("{\"x\":1}", T0.plusSeconds(5));
    assertEquals(TaskStatus.COMPLETED, task.status());
    assertEquals("{\"x\":1}", task.resultJson());
    assertEquals(100, task.progress());
    assertEquals(T0.plusSeconds(5), task.finishedAt());
    assertNull(task.leaseOwner());
  }

  @Test
  void a_completed_task_cannot_be_completed_again_or_cancelled() {
    Task task = newTask(3);
    task.start("node-a/1", T0, T0.plusSeconds(15));
    task.complete("{}", T0);
    assertThrows(IllegalTransition.class, () -> task.complete("{}", T0));
    assertThrows(IllegalTransition.class, () -> task.cancel(T0));
  }

  @Test
  void a_queued_task_cannot_complete_without_running() {
    Task task = newTask(3);
    assertThrows(IllegalTransition.class, () -> task.complete("{}", T0));
    assertEquals(TaskStatus.QUEUED, task.status());
  }

  @Test
  void a_retry_keeps_its_place_in_line_and_waits_for_the_backoff() {
    Task task = newTask(3);
    task.start("node-a/1", T0.plusSeconds(10), T0.plusSeconds(25));
    task.retryLater("connection reset", T0.plusSeconds(12));
    assertEquals(TaskStatus.QUEUED, task.status());
    assertEquals(T0, task.queuedAt());
    assertEquals(T0.plusSeconds(12), task.notBefore());
    assertEquals("connection reset", task.error());
    assertNull(task.leaseOwner());
    assertTrue(task.blockedReason().contains("attempt 1 of 3"));
  }

  @Test
  void attempts_run_out_after_max_attempts_starts() {
    Task task = newTask(2);
    task.start("a", T0, T0);
    assertTrue(task.hasAttemptsLeft());
    task.requeueAfterLostWorker();
    task.start("b", T0, T0);
    assertFalse(task.hasAttemptsLeft());
    assertEquals(2, task.attempts());
  }

  @Test
  void timing_out_records_the_limit_in_the_error() {
    Task task = newTask(3);
    task.start("a", T0, T0);
    task.timeOut(T0.plusSeconds(60));
    assertEquals(TaskStatus.TIMED_OUT, task.status());
    assertEquals("Exceeded its time limit of 60 s", task.error());
  }

  @Test
  void only_a_queued_task_can_change_priority() {
    Task task = newTask(3);
    task.reprioritize(7);
    assertEquals(7, task.priority());
    task.start("a", T0, T0);
    TaskConflict e = assertThrows(TaskConflict.class, () -> task.reprioritize(9));
    assertEquals(7, task.priority());
    assertTrue(e.getMessage().contains("running"));
  }

  @Test
  void an_owner_sees_their_task_an_admin_sees_all_others_see_none() {
    Task task = newTask(3);
    assertTrue(task.isVisibleTo("alice", false));
    assertTrue(task.isVisibleTo("root", true));
    assertFalse(task.isVisibleTo("bob", false));
  }

  @Test
  void very_long_errors_are_truncated_to_the_column_size() {
    Task task = newTask(3);
    task.start("a", T0, T0);
    task.fail("x".repeat(20_000), T0);
    assertEquals(10_000, task.error().length());
  }
}
