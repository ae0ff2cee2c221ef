package io.tasklane.tasks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.RollbackException;
import org.junit.jupiter.api.Test;

class TaskCancelRetryTest {
  @Test
  void a_conflict_the_container_wrapped_at_commit_is_taken_for_a_change_meanwhile() {
    RollbackException atCommit = new RollbackException("rolled back");
    atCommit.initCause(new OptimisticLockException("row changed"));

    assertTrue(TaskCancellation.changedMeanwhile(new IllegalStateException("tx", atCommit)));
    assertTrue(TaskCancellation.changedMeanwhile(new OptimisticLockException()));
  }

  @Test
  void a_task_that_ended_or_any_other_failure_is_not_tried_again() {
    assertFalse(
        TaskCancellation.changedMeanwhile(new TaskConflict("Task x is already completed.")));
    assertFalse(TaskCancellation.changedMeanwhile(new IllegalStateException("database down")));
  }
}
