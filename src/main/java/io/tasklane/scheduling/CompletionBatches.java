package io.tasklane.scheduling;

import io.tasklane.system.GroupCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Records completions by group commit ({@link GroupCommit}): a task thread that finishes queues its
 * outcome, and whichever thread finds no write in progress writes everything queued in one
 * transaction ({@link TaskOutcomes#completeAll}), for itself and the others, while they wait for
 * theirs. One task alone costs what it did before (a transaction of its own); many small tasks
 * ending together share one. Each caller returns only once its outcome is committed (or known not
 * to apply), as before: the slot a task held is released after its outcome is stored, never before.
 * A batch that meets a concurrent change (a cancel, a timeout) is written one by one, so the others
 * are still recorded and that task keeps the decision that came first.
 */
@ApplicationScoped
public class CompletionBatches {
  /** The most outcomes one transaction writes. */
  static final int MAX_BATCH = 200;

  @Inject TaskOutcomes outcomes;

  private final GroupCommit<TaskOutcomes.Completion, Boolean> commit =
      new GroupCommit<>(MAX_BATCH, this::completeAll, c -> outcomes.complete(c));

  /**
   * Records that the task completed, as {@code completion} says; true if it applied (the task was
   * still running under its owner), false if a decision that came first stands.
   */
  public boolean complete(TaskOutcomes.Completion completion) {
    return commit.submit(completion);
  }

  private List<Boolean> completeAll(List<TaskOutcomes.Completion> batch) {
    Set<UUID> applied = outcomes.completeAll(batch);
    return batch.stream().map(c -> applied.contains(c.id())).toList();
  }
}
