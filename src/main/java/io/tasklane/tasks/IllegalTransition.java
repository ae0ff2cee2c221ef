package io.tasklane.tasks;

import io.tasklane.system.ProblemException;

/** A status change the state machine does not allow; nothing is changed. */
public class IllegalTransition extends ProblemException.Conflict {
  public IllegalTransition(TaskStatus from, TaskStatus to) {
    super("A " + from.wireName() + " task cannot become " + to.wireName() + ".");
  }
}
