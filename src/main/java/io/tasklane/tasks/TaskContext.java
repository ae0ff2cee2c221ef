package io.tasklane.tasks;

import jakarta.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * A running task as its handler sees it: its parameters, a way to report progress, and the stop
 * signal for cancel and timeout. Progress is passed on at most every {@link #REPORT_INTERVAL_NANOS}
 * so a chatty handler cannot flood the database or the live stream.
 */
public final class TaskContext {
  public static final java.time.Duration REPORT_INTERVAL = java.time.Duration.ofMillis(250);

  /** Where throttled progress goes (the scheduler persists and publishes it). */
  @FunctionalInterface
  public interface ProgressListener {
    void progress(String description, Integer progress);
  }

  private final UUID taskId;
  private final String userId;
  private final JsonObject parameters;
  private final int attempt;
  private final ProgressListener listener;
  private final Supplier<Map<UUID, JsonObject>> dependencyResults;
  private final long reportIntervalNanos;
  private final double grantedCores;
  private final long launchedNanos = System.nanoTime();
  private final Object stopSignal = new Object();
  private volatile String stopReason;
  private long lastReportNanos;
  private boolean reportedOnce;

  public TaskContext(
      UUID taskId, String userId, JsonObject parameters, int attempt, ProgressListener listener) {
    this(taskId, userId, parameters, attempt, listener, REPORT_INTERVAL);
  }

  public TaskContext(
      UUID taskId,
      String userId,
      JsonObject parameters,
      int attempt,
      ProgressListener listener,
      java.time.Duration reportInterval) {
    this(taskId, userId, parameters, attempt, listener, reportInterval, Map::of);
  }

  /**
   * @param dependencyResults the results of the tasks this one depends on, read when first asked
   */
  public TaskContext(
      UUID taskId,
      String userId,
      JsonObject parameters,
      int attempt,
      ProgressListener listener,
      java.time.Duration reportInterval,
      Supplier<Map<UUID, JsonObject>> dependencyResults) {
    this(taskId, userId, parameters, attempt, listener, reportInterval, dependencyResults, 0);
  }

  /**
   * @param grantedCores the cores admission started the task on (0: not known, as in tests that run
   *     a handler directly)
   */
  public TaskContext(
      UUID taskId,
      String userId,
      JsonObject parameters,
      int attempt,
      ProgressListener listener,
      java.time.Duration reportInterval,
      Supplier<Map<UUID, JsonObject>> dependencyResults,
      double grantedCores) {
    this.grantedCores = grantedCores;
    this.dependencyResults = memoized(dependencyResults);
    this.reportIntervalNanos = reportInterval.toNanos();
    this.taskId = taskId;
    this.userId = userId;
    this.parameters = parameters;
    this.attempt = attempt;
    this.listener = listener;
  }

  /**
   * {@link System#nanoTime} when the task was handed to its run (just after its claim): what the
   * run reads of shared state must have been read at or after it.
   */
  public long launchedNanos() {
    return launchedNanos;
  }

  public UUID taskId() {
    return taskId;
  }

  public String userId() {
    return userId;
  }

  public JsonObject parameters() {
    return parameters;
  }

  /**
   * The cores admission started this task on: its estimate, or less for a type that scales to what
   * it is given ({@link TaskHandler#elasticMinimumCores()}); empty when not known.
   */
  public java.util.OptionalDouble grantedCores() {
    return grantedCores > 0
        ? java.util.OptionalDouble.of(grantedCores)
        : java.util.OptionalDouble.empty();
  }

  public int attempt() {
    return attempt;
  }

  /**
   * The results of the tasks this one was submitted to depend on ({@code depends_on}), by task id
   * in submission order: all completed before this task started.
   */
  public Map<UUID, JsonObject> dependencyResults() {
    return dependencyResults.get();
  }

  private static <T> Supplier<T> memoized(Supplier<T> source) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = source.get();
        }
        return value;
      }
    };
  }

  /** Live progress text ("Backtesting day 15 of 30...") and 0–100 where known (else null). */
  public void report(String description, Integer progress) {
    checkCancelled();
    long now = System.nanoTime();
    if (reportedOnce && now - lastReportNanos < reportIntervalNanos) {
      return;
    }
    reportedOnce = true;
    lastReportNanos = now;
    listener.progress(description, progress);
  }

  /**
   * Throws {@link CancellationException} once the task was cancelled, timed out or its worker
   * stops.
   */
  public void checkCancelled() {
    String reason = stopReason;
    if (reason != null) {
      throw new CancellationException(reason);
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new CancellationException("interrupted");
    }
  }

  /**
   * Waits {@code duration} (a handler polling a remote system between reads), returning early by
   * {@link CancellationException} as soon as the task is stopped.
   */
  public void pause(java.time.Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    synchronized (stopSignal) {
      while (true) {
        checkCancelled();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(stopSignal, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CancellationException("interrupted");
        }
      }
    }
  }

  /** Asks the handler to stop at its next check, waking it if it is pausing. */
  public void stop(String reason) {
    this.stopReason = reason;
    synchronized (stopSignal) {
      stopSignal.notifyAll();
    }
  }

  public boolean isStopped() {
    return stopReason != null;
  }
}
