package io.tasklane.tasks;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Keeps a task to the cores it was granted when it cannot run on exactly that many: a grant of 0.6
 * cores still runs on one thread, a grant of 1.25 on two. After each step of work (a boosting
 * round, a load) it pauses so that the CPU time the steps can have used, counted from above as each
 * step's wall time times the threads it ran on, stays within the grant over the time since the
 * start. Why: admission may start a training task on part of its estimate beside outside load, and
 * the rule holds only if the task then really uses no more than that part.
 *
 * <p>Time the task spent neither working nor pausing (waiting for the database, say) is credit, but
 * at most {@link #MAX_CREDIT} of it, so a long wait never pays for a burst on all threads.
 */
public final class CpuPacer {
  static final Duration MAX_CREDIT = Duration.ofMillis(100);

  private final double grantedCores;
  private final LongSupplier nanoTime;
  private long start;
  private long resumed;
  private double busyCpuNanos;

  CpuPacer(double grantedCores, LongSupplier nanoTime) {
    if (!(grantedCores > 0)) {
      throw new IllegalArgumentException("granted cores must be above 0, got " + grantedCores);
    }
    this.grantedCores = grantedCores;
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
    this.resumed = start;
  }

  /** A pacer from now on, for a task granted {@code grantedCores}. */
  public static CpuPacer start(double grantedCores) {
    return new CpuPacer(grantedCores, System::nanoTime);
  }

  /**
   * The threads to run on for a grant: the cores granted rounded up, at least 1, at most {@code
   * most}.
   */
  public static int threadsFor(double grantedCores, int most) {
    return Math.max(1, Math.min(most, (int) Math.ceil(grantedCores - 1e-9)));
  }

  /**
   * The step since the last one (or the start) ran on {@code threads}; pauses with {@code pause}
   * for as long as keeps the task within its grant (a task's pause returns early when it is
   * cancelled).
   */
  public void stepDone(int threads, Consumer<Duration> pause) {
    long wait = pauseNanos(threads);
    if (wait > 0) {
      pause.accept(Duration.ofNanos(wait));
    }
    resumed();
  }

  /** How long to pause now, the step since the last resume having run on {@code threads}. */
  long pauseNanos(int threads) {
    long now = nanoTime.getAsLong();
    busyCpuNanos += (double) threads * Math.max(0, now - resumed);
    double due = forgetCreditBeyondMax(now);
    return due > 0 ? (long) Math.ceil(due) : 0;
  }

  /** Called when the pause is over (tests drive the clock themselves). */
  void resumed() {
    resumed = nanoTime.getAsLong();
    forgetCreditBeyondMax(resumed);
  }

  /** The pause due at {@code now} (negative: credit), idle time beyond the credit forgotten. */
  private double forgetCreditBeyondMax(long now) {
    double due = busyCpuNanos / grantedCores - (now - start);
    double credit = MAX_CREDIT.toNanos();
    if (due < -credit) {
      start += (long) (-due - credit);
      due = -credit;
    }
    return due;
  }
}
