package io.tasklane.scheduling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records completions by group commit: a task thread that finishes queues its outcome, and
 * whichever thread finds no write in progress writes everything queued in one transaction ({@link
 * TaskOutcomes#completeAll}), for itself and the others, while they wait for theirs. One task alone
 * costs what it did before (a transaction of its own); many small tasks ending together share one.
 * Each caller returns only once its outcome is committed (or known not to apply), as before: the
 * slot a task held is released after its outcome is stored, never before.
 *
 * <p>No thread of its own and no state beyond the queue of outcomes being written this instant.
 */
@ApplicationScoped
public class CompletionBatches {
  private static final Logger LOG = Logger.getLogger(CompletionBatches.class.getName());

  /** The most outcomes one transaction writes. */
  static final int MAX_BATCH = 200;

  @Inject TaskOutcomes outcomes;

  private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();

  private record Pending(TaskOutcomes.Completion completion, CompletableFuture<Boolean> applied) {}

  /**
   * Records that the task completed, as {@code completion} says; true if it applied (the task was
   * still running under its owner), false if a decision that came first stands.
   */
  public boolean complete(TaskOutcomes.Completion completion) {
    Pending mine = new Pending(completion, new CompletableFuture<>());
    queue.add(mine);
    // Write while anything is queued and nobody else writes. A writer re-checks the queue after it
    // stops, so an outcome queued while it wrote is never left waiting for a writer.
    while (!queue.isEmpty() && writing.compareAndSet(false, true)) {
      try {
        writeQueued();
      } finally {
        writing.set(false);
      }
    }
    try {
      return mine.applied().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while its outcome was being recorded", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    }
  }

  private void writeQueued() {
    for (List<Pending> batch = take(); !batch.isEmpty(); batch = take()) {
      try {
        write(batch);
      } catch (Throwable e) {
        // Never leave a waiting task thread without an answer; it logs and releases its slot.
        batch.forEach(p -> p.applied().completeExceptionally(e));
        throw e;
      }
    }
  }

  private List<Pending> take() {
    List<Pending> batch = new ArrayList<>();
    for (Pending next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
      batch.add(next);
    }
    return batch;
  }

  private void write(List<Pending> batch) {
    if (batch.size() > 1) {
      try {
        Set<UUID> applied = outcomes.completeAll(batch.stream().map(Pending::completion).toList());
        batch.forEach(p -> p.applied().complete(applied.contains(p.completion().id())));
        return;
      } catch (RuntimeException e) {
        // A task of the batch changed meanwhile (cancelled, timed out): each on its own, so the
        // others are still recorded and that one keeps the decision that came first.
        LOG.log(Level.FINE, "Batch of " + batch.size() + " outcomes rolled back; one by one", e);
      }
    }
    for (Pending pending : batch) {
      try {
        pending.applied().complete(outcomes.complete(pending.completion()));
      } catch (RuntimeException e) {
        pending.applied().completeExceptionally(e);
      }
    }
  }
}
