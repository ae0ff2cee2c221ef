package io.tasklane.tasks;

/** A status change the state machine does not allow; nothing is changed. */
public class IllegalTransition extends TaskConflict {
  public IllegalTransition(TaskStatus from, TaskStatus to) {
    super("A " + from.wireName() + " task cannot become " + to.wireName() + ".");
  }
}
