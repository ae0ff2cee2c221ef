package io.tasklane.resources;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * CPU time short tasks may take without a whole core's estimate: a token bucket of CPU-seconds that
 * refills at {@code rate} CPU-seconds per second up to {@code capacity}.
 *
 * <p>Why: a one-year daily backtest needs a few milliseconds of CPU, yet a core estimate holds it
 * back on a busy machine for minutes. Sized from the CPU buffer (the cores the rule keeps free),
 * the allowance lets such tasks drain at once, while over any window of length {@code w} the tasks
 * it admits are expected to take at most {@code capacity + rate × w} CPU-seconds, however many of
 * them arrive.
 */
public final class BurstAllowance {
  private static final double EPSILON = 1e-9;

  private final double rate;
  private final double capacity;
  private final Clock clock;
  private double tokens; // guarded by this
  private Instant refilled; // guarded by this

  /**
   * @param rate CPU-seconds per second
   * @param capacity the most CPU-seconds it holds (a full bucket at the start)
   */
  public BurstAllowance(double rate, double capacity, Clock clock) {
    if (rate < 0 || capacity < 0) {
      throw new IllegalArgumentException(
          "rate and capacity must be at least 0, got " + rate + " and " + capacity);
    }
    this.rate = rate;
    this.capacity = capacity;
    this.clock = clock;
    this.tokens = capacity;
    this.refilled = clock.instant();
  }

  /**
   * The allowance of a machine with {@code bufferCores} kept free: that many CPU-seconds per
   * second, and at most one second of them at once.
   */
  public static BurstAllowance fromBuffer(double bufferCores, Clock clock) {
    return new BurstAllowance(bufferCores, bufferCores, clock);
  }

  public double rate() {
    return rate;
  }

  public double capacity() {
    return capacity;
  }

  /** Takes {@code cpuSeconds} if that much is left now; false (and takes nothing) if not. */
  public synchronized boolean tryTake(double cpuSeconds) {
    refill();
    if (cpuSeconds > tokens + EPSILON) {
      return false;
    }
    tokens = Math.max(0, tokens - cpuSeconds);
    return true;
  }

  /** CPU-seconds left now. */
  public synchronized double available() {
    refill();
    return tokens;
  }

  private void refill() {
    Instant now = clock.instant();
    if (now.isAfter(refilled)) {
      double elapsed = Duration.between(refilled, now).toNanos() / 1e9;
      tokens = Math.min(capacity, tokens + elapsed * rate);
      refilled = now;
    }
  }
}
