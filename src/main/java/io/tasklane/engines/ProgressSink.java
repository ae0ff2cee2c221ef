package io.tasklane.engines;

/**
 * Receives the progress of a long computation.
 *
 * <p>Engines call it about every 1 % of the bars and once more at the end with {@code barsDone ==
 * barsTotal}. An unchecked exception thrown here aborts the computation and reaches the engine's
 * caller unchanged, which is how callers cancel a run.
 */
@FunctionalInterface
public interface ProgressSink {
  void progress(long barsDone, long barsTotal);
}
