package io.tasklane.system;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One pass of work run on a long-lived thread each time it is woken: wakes that arrive during a
 * pass coalesce into one more pass, and a wake may be deferred ({@link #wakeWithin}).
 *
 * <p>Why not a task per wake on a managed executor: Payara captures the thread context of every
 * submitted task with a {@code ServiceLoader} lookup across its modules' jars, and with several
 * wakes per task (each commit wakes the event relay, each submission and end wakes admission) that
 * lookup was a tenth of the server's CPU. The thread comes from a {@code ManagedThreadFactory}, so
 * the pass runs in the application's context all the same.
 */
public final class WakeableLoop {
  private static final Logger LOG = Logger.getLogger(WakeableLoop.class.getName());
  private static final long NONE = Long.MAX_VALUE;

  private final String name;
  private final Runnable pass;
  private final long minGapNanos;

  /** System.nanoTime() at the start of the last pass; only the loop's thread uses it. */
  private long lastStart;

  private boolean ranBefore;
  private final AtomicBoolean wakePending = new AtomicBoolean();

  /** System.nanoTime() by which a deferred wake is due, or {@link #NONE}. */
  private final AtomicLong dueAt = new AtomicLong(NONE);

  private volatile boolean stopping;
  private volatile Thread thread;

  public WakeableLoop(String name, Runnable pass) {
    this(name, pass, Duration.ZERO);
  }

  /**
   * A loop whose passes start at least {@code minGap} apart: a wake that comes sooner after a pass
   * began waits out the rest, and everything woken meanwhile is taken in by that one pass. A wake
   * after a quiet spell runs at once, so the gap costs nothing at a steady pace and bounds the
   * passes a burst of wakes costs (a submission's or a commit's each).
   */
  public WakeableLoop(String name, Runnable pass, Duration minGap) {
    this.name = name;
    this.pass = pass;
    this.minGapNanos = minGap.toNanos();
  }

  /** Starts the loop's thread; it waits for the first wake. */
  public synchronized void start(ThreadFactory threads) {
    if (thread != null) {
      throw new IllegalStateException(name + " already started");
    }
    Thread t = threads.newThread(this::loop);
    t.setName(name);
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /** Runs a pass as soon as the current one (if any) ends. */
  public void wake() {
    if (wakePending.compareAndSet(false, true)) {
      unpark();
    }
  }

  /** Runs a pass at the latest after {@code delay} (sooner if woken meanwhile). */
  public void wakeWithin(Duration delay) {
    long due = System.nanoTime() + delay.toNanos();
    long current;
    do {
      current = dueAt.get();
      if (current != NONE && current - due <= 0) {
        return; // an earlier deferred wake already covers it
      }
    } while (!dueAt.compareAndSet(current, due));
    unpark();
  }

  /** Ends the loop after the pass in progress, waiting for it at most {@code patience}. */
  public void stop(Duration patience) {
    stopping = true;
    Thread t = thread;
    if (t == null) {
      return;
    }
    LockSupport.unpark(t);
    if (t != Thread.currentThread()) {
      try {
        t.join(patience.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public boolean isRunning() {
    Thread t = thread;
    return t != null && t.isAlive() && !stopping;
  }

  private void unpark() {
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  private void loop() {
    // An interrupt comes from the container ending the application's threads: park would return at
    // once from then on, so the loop ends instead of spinning.
    while (!stopping && !Thread.currentThread().isInterrupted()) {
      if (!takeWake()) {
        long due = dueAt.get();
        if (due == NONE) {
          LockSupport.park(this);
        } else {
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(this, wait);
          }
        }
        continue;
      }
      if (waitOutGap()) {
        if (stopping) {
          break; // stopped while the gap was waited out: no pass after stop
        }
        takeWake(); // what was woken while waiting is taken in by this pass
      }
      lastStart = System.nanoTime();
      ranBefore = true;
      try {
        pass.run();
      } catch (RuntimeException | Error e) {
        // Background work never dies silently, and one failed pass must not end the loop.
        LOG.log(Level.WARNING, name + " pass failed; it runs again at the next wake", e);
        if (e instanceof VirtualMachineError) {
          throw (Error) e;
        }
      }
    }
  }

  /** Waits until the last pass began at least the minimum gap ago; true if it waited. */
  private boolean waitOutGap() {
    boolean waited = false;
    long gap;
    while (ranBefore
        && !stopping
        && !Thread.currentThread().isInterrupted()
        && (gap = lastStart + minGapNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(this, gap); // a wake meanwhile unparks early: wait out the rest
      waited = true;
    }
    return waited;
  }

  /** Consumes a pending wake (immediate, or deferred and due); true if a pass should run now. */
  private boolean takeWake() {
    boolean due = false;
    long at = dueAt.get();
    if (at != NONE && at - System.nanoTime() <= 0 && dueAt.compareAndSet(at, NONE)) {
      due = true;
    }
    return wakePending.getAndSet(false) || due;
  }
}
