package io.tasklane.scheduling;

import io.tasklane.tasks.Task;
import io.tasklane.tasks.TaskEvents;
import io.tasklane.tasks.TaskStatus;
import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Claims one queued task for this instance. The claim is a versioned update of the task row, so
 * when instances sharing the database race for the same task exactly one wins; the loser's
 * transaction rolls back with an optimistic-lock failure and it moves on to the next candidate.
 */
@ApplicationScoped
public class TaskClaims {
  @Inject TaskStore tasks;
  @Inject TaskEvents events;

  /**
   * Claims the task only if {@code gate} lets it through, in the same transaction: a lane whose
   * capacity lives in the database (the QuantConnect node slots) takes its slot and the task
   * together or not at all.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<ClaimedTask> tryClaimThrough(
      UUID id, String owner, Instant now, Instant leaseUntil, Predicate<UUID> gate) {
    Task task = tasks.find(id).orElse(null);
    if (task == null
        || task.status() != TaskStatus.QUEUED
        || (task.notBefore() != null && task.notBefore().isAfter(now))
        || !gate.test(id)) {
      return Optional.empty();
    }
    task.start(owner, now, leaseUntil);
    tasks.flush();
    events.publish(task);
    return Optional.of(ClaimedTask.of(task));
  }

  /**
   * Claims those of {@code ids} that are still queued and due and that {@code gate} lets through,
   * all in one transaction (one versioned update each, sent as one JDBC batch, and one commit):
   * what a pass admits together costs one round of the database, not one per task, as
   * db-scheduler's lock-and-fetch claims a batch. If another instance changed any of them first,
   * the whole transaction fails with an optimistic-lock error and the caller claims them one by
   * one.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public List<ClaimedTask> tryClaimAll(
      List<UUID> ids, String owner, Instant now, Instant leaseUntil, Predicate<UUID> gate) {
    List<Task> started = new ArrayList<>(ids.size());
    for (Task task : tasks.findAll(ids)) {
      if (task.status() == TaskStatus.QUEUED
          && (task.notBefore() == null || !task.notBefore().isAfter(now))
          && gate.test(task.id())) {
        task.start(owner, now, leaseUntil);
        started.add(task);
      }
    }
    tasks.flush();
    List<ClaimedTask> claimed = new ArrayList<>(started.size());
    for (Task task : started) {
      events.publish(task);
      claimed.add(ClaimedTask.of(task));
    }
    return claimed;
  }
}
