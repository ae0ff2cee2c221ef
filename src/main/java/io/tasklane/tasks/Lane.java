package io.tasklane.tasks;

/**
 * Independent queues. Each is strict priority then FIFO and is admitted by its own gate, so a task
 * blocked in one lane never holds up the other.
 */
public enum Lane {
  /** Runs on this machine's CPU and RAM. */
  LOCAL,
  /** Runs on QuantConnect's backtest nodes. */
  QUANTCONNECT
}
