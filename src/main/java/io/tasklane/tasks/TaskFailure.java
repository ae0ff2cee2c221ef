package io.tasklane.tasks;

/**
 * Thrown by a handler when its task fails for a reason the message says in full: an error in the
 * user's own algorithm (a build or runtime error on QuantConnect), or a request the remote system
 * refused. An expected outcome, not a fault of Tasklane's: it is logged in one line, without a
 * stack trace.
 */
public class TaskFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TaskFailure(String message) {
    super(message);
  }

  public TaskFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
