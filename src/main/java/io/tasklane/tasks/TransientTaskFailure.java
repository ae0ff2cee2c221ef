package io.tasklane.tasks;

/**
 * A fault that may go away by itself (a dropped connection, a busy service): retried with backoff.
 */
public class TransientTaskFailure extends RuntimeException {
  public TransientTaskFailure(String message, Throwable cause) {
    super(message, cause);
  }

  public TransientTaskFailure(String message) {
    super(message);
  }
}
