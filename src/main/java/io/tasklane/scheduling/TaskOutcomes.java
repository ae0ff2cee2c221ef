package io.tasklane.scheduling;

import io.tasklane.profiles.ResourceProfiles;
import io.tasklane.tasks.Task;
import io.tasklane.tasks.TaskEvents;
import io.tasklane.tasks.TaskStatus;
import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Records how an execution ended. Each outcome applies only while the task is still running under
 * this instance's lease: if it was cancelled, timed out or taken over meanwhile, the late outcome
 * is dropped rather than overwriting the decision that came first.
 */
@ApplicationScoped
public class TaskOutcomes {
  @Inject TaskStore tasks;
  @Inject TaskEvents events;
  @Inject Clock clock;
  @Inject ResourceProfiles profiles;

  /**
   * Records one completion; its measurement is stored whether or not the outcome applies (a run
   * cancelled as it ended still measured what such a task costs).
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean complete(Completion c) {
    profiles.recordAll(c.measuredList());
    Task task = owned(c.id(), c.owner());
    if (task == null) {
      return false;
    }
    task.complete(c.resultJson(), Instant.now(clock));
    tasks.flush();
    announceCompletion(task, c);
    return true;
  }

  /**
   * A completion to record: the task, who ran it, its result as stored and its summary for the
   * completion's event (or null, to read it from the text), its held progress report (or null):
   * announced just before the completion, and only with it ({@link HeldProgress}), and what the run
   * used (or null), stored for the type's profile in the same transaction.
   */
  public record Completion(
      UUID id,
      String owner,
      String resultJson,
      JsonObject resultSummary,
      ProgressReport held,
      ResourceProfiles.Measurement measured) {
    List<ResourceProfiles.Measurement> measuredList() {
      return measured == null ? List.of() : List.of(measured);
    }
  }

  /**
   * Records several completions in one transaction (one versioned update each, sent as a JDBC
   * batch, and one commit); returns the ids whose outcome applied. A concurrent change of any of
   * them (a cancel, say) fails the whole transaction with an optimistic-lock error: the caller then
   * records them one by one.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Set<UUID> completeAll(List<Completion> completions) {
    Map<UUID, Completion> byId = new HashMap<>();
    completions.forEach(c -> byId.put(c.id(), c));
    Instant now = Instant.now(clock);
    List<Task> changed = new ArrayList<>(completions.size());
    for (Task task : tasks.findAll(completions.stream().map(Completion::id).toList())) {
      Completion completion = byId.get(task.id());
      if (task.status() == TaskStatus.RUNNING && completion.owner().equals(task.leaseOwner())) {
        task.complete(completion.resultJson(), now);
        changed.add(task);
      }
    }
    tasks.flush();
    profiles.recordAll(
        completions.stream().map(Completion::measured).filter(Objects::nonNull).toList());
    Set<UUID> applied = new HashSet<>();
    for (Task task : changed) {
      announceCompletion(task, byId.get(task.id()));
      applied.add(task.id());
    }
    return applied;
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean fail(UUID id, String owner, String message) {
    return ifOwned(id, owner, task -> task.fail(message, Instant.now(clock)));
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean timeOut(UUID id, String owner) {
    return ifOwned(id, owner, task -> task.timeOut(Instant.now(clock)));
  }

  /** A transient fault: back to the queue after {@code backoff}, or failed when out of attempts. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean retryOrFail(UUID id, String owner, String message, java.time.Duration backoff) {
    return ifOwned(
        id,
        owner,
        task -> {
          if (task.hasAttemptsLeft()) {
            task.retryLater(message, Instant.now(clock).plus(backoff));
          } else {
            task.fail(
                message + " (gave up after " + task.attempts() + " attempts)", Instant.now(clock));
          }
        });
  }

  /** Held up by something outside the task: back to the head of its lane without using a try. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean defer(UUID id, String owner, String reason, java.time.Duration delay) {
    return ifOwned(id, owner, task -> task.defer(reason, Instant.now(clock).plus(delay)));
  }

  /**
   * Graceful shutdown: hand the task back to the queue at once instead of waiting for the lease.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean handBack(UUID id, String owner) {
    return ifOwned(id, owner, Task::requeueAfterLostWorker);
  }

  /**
   * The lease of whoever ran it has expired: its instance died. Re-queue (attempts were counted at
   * the claim) or, when out of attempts, fail, so a task that kills its server cannot loop forever.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean recoverExpired(UUID id) {
    Instant now = Instant.now(clock);
    Task task = tasks.find(id).orElse(null);
    if (task == null
        || task.status() != TaskStatus.RUNNING
        || task.leaseExpiresAt() == null
        || task.leaseExpiresAt().isAfter(now)) {
      return false;
    }
    if (task.hasAttemptsLeft()) {
      task.requeueAfterLostWorker();
    } else {
      task.fail("Its worker stopped during each of " + task.attempts() + " attempts", now);
    }
    tasks.flush();
    events.publish(task);
    return true;
  }

  private boolean ifOwned(UUID id, String owner, Consumer<Task> change) {
    Task task = owned(id, owner);
    if (task == null) {
      return false;
    }
    change.accept(task);
    tasks.flush();
    events.publish(task);
    return true;
  }

  /** The task, if it is still running under {@code owner}'s lease; null otherwise. */
  private Task owned(UUID id, String owner) {
    Task task = tasks.find(id).orElse(null);
    return task == null || task.status() != TaskStatus.RUNNING || !owner.equals(task.leaseOwner())
        ? null
        : task;
  }

  /**
   * A completion's events: its held progress report first, as it would have gone out had it been
   * written, then the completion, with the summary its run made when there is one.
   */
  private void announceCompletion(Task task, Completion completion) {
    ProgressReport held = completion.held();
    if (held != null) {
      events.publishProgress(
          task.id(),
          task.userId(),
          task.taskType(),
          task.lane(),
          held.description(),
          held.percent());
    }
    if (completion.resultSummary() == null) {
      events.publish(task);
    } else {
      events.publishCompleted(task, completion.resultSummary());
    }
  }
}
