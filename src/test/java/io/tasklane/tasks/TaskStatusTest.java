package io.tasklane.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.system.StateConflict;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TaskStatusTest {
  @Test
  void queued_tasks_may_start_be_cancelled_or_fail() {
    assertEquals(
        EnumSet.of(TaskStatus.RUNNING, TaskStatus.CANCELLED, TaskStatus.FAILED),
        allowedFrom(TaskStatus.QUEUED));
  }

  @Test
  void running_tasks_may_finish_in_any_way_or_go_back_to_the_queue() {
    assertEquals(
        EnumSet.of(
            TaskStatus.COMPLETED,
            TaskStatus.FAILED,
            TaskStatus.CANCELLED,
            TaskStatus.TIMED_OUT,
            TaskStatus.QUEUED),
        allowedFrom(TaskStatus.RUNNING));
  }

  @ParameterizedTest
  @EnumSource(
      value = TaskStatus.class,
      names = {"COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT"})
  void terminal_statuses_allow_no_transition(TaskStatus terminal) {
    assertTrue(terminal.isTerminal());
    assertTrue(allowedFrom(terminal).isEmpty());
    assertThrows(IllegalTransition.class, () -> terminal.requireTransitionTo(TaskStatus.RUNNING));
  }

  @Test
  void an_illegal_transition_is_a_state_conflict_naming_both_states() {
    IllegalTransition e =
        assertThrows(
            IllegalTransition.class,
            () -> TaskStatus.QUEUED.requireTransitionTo(TaskStatus.COMPLETED));
    assertInstanceOf(StateConflict.class, e);
    assertEquals("A queued task cannot become completed.", e.getMessage());
  }

  @Test
  void wire_names_are_lower_case_and_round_trip() {
    for (TaskStatus status : TaskStatus.values()) {
      assertEquals(Optional.of(status), TaskStatus.fromWire(status.wireName()));
    }
    assertEquals("timed_out", TaskStatus.TIMED_OUT.wireName());
  }

  @Test
  void an_unknown_wire_status_is_no_status() {
    assertEquals(Optional.empty(), TaskStatus.fromWire("done"));
    assertFalse(TaskStatus.QUEUED.isTerminal());
  }

  private static Set<TaskStatus> allowedFrom(TaskStatus from) {
    Set<TaskStatus> allowed = EnumSet.noneOf(TaskStatus.class);
    for (TaskStatus to : TaskStatus.values()) {
      if (from.canMoveTo(to)) {
        allowed.add(to);
      }
    }
    return allowed;
  }
}
