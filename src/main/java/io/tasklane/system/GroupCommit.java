package io.tasklane.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit for callers on their own threads: each call queues its item, and one caller at a
 * time (the writer) takes what is queued and writes it in one go ({@code together}), for itself and
 * the others, while they wait for theirs. An item alone is written alone ({@code alone}), at the
 * cost it had before; items that arrive together share one write. No thread of its own, and no
 * state beyond the items being written this instant.
 *
 * <p>A writer stops once its own item is written and hands the writing to the caller at the head of
 * the queue, so under steady load no caller's answer waits on other callers' writes for longer than
 * the groups queued ahead of its own. If a group's write fails, each of its items is written alone,
 * so one item's fault fails only that item.
 */
public final class GroupCommit<T, R> {
  private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());

  private final int maxGroup;
  private final Function<List<T>, List<R>> together;
  private final Function<T, R> alone;
  private final Queue<Waiting<T, R>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();

  /**
   * @param maxGroup the most items one write takes
   * @param together writes a group of two or more and answers each item, in order; if it throws,
   *     each item is written alone instead
   * @param alone writes one item; what it throws is that item's failure
   */
  public GroupCommit(int maxGroup, Function<List<T>, List<R>> together, Function<T, R> alone) {
    this.maxGroup = maxGroup;
    this.together = together;
    this.alone = alone;
  }

  /** Writes {@code item} (with whatever else is queued meanwhile) and answers it. */
  public R submit(T item) {
    Waiting<T, R> mine = new Waiting<>(item, Thread.currentThread());
    queue.add(mine);
    boolean interrupted = false;
    while (!mine.done) {
      if (writing.compareAndSet(false, true)) {
        try {
          // FIFO: its own item is within the groups queued ahead of it.
          while (!mine.done) {
            write(take());
          }
        } finally {
          writing.set(false);
        }
        // Hand over: a caller that queued while this one wrote has found the writing taken and
        // waits; its item is in the queue now, since it queued before it tried.
        Waiting<T, R> next = queue.peek();
        if (next != null) {
          LockSupport.unpark(next.thread);
        }
      } else {
        LockSupport.park(this);
        // An interrupt must not abandon an item another thread may be writing: wait it out, and
        // keep the interrupt for the caller.
        interrupted |= Thread.interrupted();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return mine.answer();
  }

  /** How many items wait to be written now. */
  public int waiting() {
    return queue.size();
  }

  private List<Waiting<T, R>> take() {
    List<Waiting<T, R>> group = new ArrayList<>();
    for (Waiting<T, R> next; group.size() < maxGroup && (next = queue.poll()) != null; ) {
      group.add(next);
    }
    return group;
  }

  private void write(List<Waiting<T, R>> group) {
    try {
      List<R> answers = null;
      if (group.size() > 1) {
        try {
          answers = together.apply(group.stream().map(w -> w.item).toList());
        } catch (RuntimeException e) {
          LOG.log(Level.FINE, "A group of " + group.size() + " rolled back; each alone", e);
        }
      }
      if (answers != null) {
        for (int i = 0; i < group.size(); i++) {
          group.get(i).end(answers.get(i), null);
        }
        return;
      }
      for (Waiting<T, R> each : group) {
        try {
          each.end(alone.apply(each.item), null);
        } catch (RuntimeException e) {
          each.end(null, e);
        }
      }
    } catch (Error e) {
      // Never leave a waiting caller without an answer.
      group.stream().filter(w -> !w.done).forEach(w -> w.end(null, e));
      throw e;
    }
  }

  /** A queued item and the thread waiting for it; ended by the thread that wrote it. */
  private static final class Waiting<T, R> {
    final T item;
    final Thread thread;
    // Written before done; read by the waiting thread after it saw done.
    private R answer;
    private Throwable failure;
    volatile boolean done;

    Waiting(T item, Thread thread) {
      this.item = item;
      this.thread = thread;
    }

    void end(R answer, Throwable failure) {
      this.answer = answer;
      this.failure = failure;
      done = true;
      LockSupport.unpark(thread);
    }

    R answer() {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      return answer;
    }
  }
}
