package io.tasklane.scheduling;

import io.tasklane.profiles.ResourceProfiles;
import io.tasklane.profiles.UsageMeter;
import io.tasklane.resources.ResourceEstimate;
import io.tasklane.system.JsonText;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.ResultSummary;
import io.tasklane.tasks.TaskContext;
import io.tasklane.tasks.TaskDeferred;
import io.tasklane.tasks.TaskEvent;
import io.tasklane.tasks.TaskFailure;
import io.tasklane.tasks.TaskHandler;
import io.tasklane.tasks.TaskHandlers;
import io.tasklane.tasks.TaskStatus;
import io.tasklane.tasks.TaskStore;
import io.tasklane.tasks.TransientTaskFailure;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Runs claimed tasks on {@link TaskThreads} and owns the registry of what runs in this JVM (the
 * {@link ResourceLedger} is told of every start and end): launch, the handler's outcome (its
 * exceptions mapped to complete, defer, retry or fail), and the duties that follow from running
 * something — renewing its lease, stopping it at its deadline, noticing an execution that vanished.
 */
@ApplicationScoped
public class TaskExecutor {
  private static final Logger LOG = Logger.getLogger(TaskExecutor.class.getName());

  @Resource ManagedThreadFactory threads;

  @Inject TaskOutcomes outcomes;
  @Inject CompletionBatches completions;
  @Inject ExecutionLeases leases;
  @Inject ProgressReports progress;
  @Inject TaskHandlers handlers;
  @Inject TaskStore tasks;
  @Inject ResourceLedger ledger;
  @Inject InstanceIdentity instance;
  @Inject Clock clock;

  @Inject @ConfigProperties SchedulerConfig config;

  private final Map<UUID, Execution> executions = new ConcurrentHashMap<>();
  private volatile TaskThreads taskThreads;
  private volatile Runnable onEnded = () -> {};

  private static final class Execution {
    final ClaimedTask task;
    final HeldProgress progress;
    final TaskContext context;

    /** The handler has returned: only its outcome remains to be recorded. */
    volatile boolean handlerReturned;

    volatile Future<?> future;

    Execution(ClaimedTask task, HeldProgress progress, TaskContext context) {
      this.task = task;
      this.progress = progress;
      this.context = context;
    }

    /**
     * Cooperative: the handler stops at its next check of its context. Never an interrupt: an
     * interrupted thread inside a JDBC call can close an H2 database's file for every thread.
     */
    void stop(String reason) {
      context.stop(reason);
    }
  }

  /**
   * @param onEnded told after each execution ends (a slot or cores came free)
   */
  void start(Runnable onEnded) {
    this.onEnded = onEnded;
    taskThreads = new TaskThreads(threads, TaskThreads.IDLE);
  }

  /** Stops every execution and hands its task back to the queue for another instance. */
  void stop() {
    for (Execution execution : executions.values()) {
      execution.stop("server shutting down");
      HousekeepingJobs.logged(
              "hand back", () -> outcomes.handBack(execution.task.id(), instance.name()))
          .run();
    }
    if (taskThreads != null) {
      taskThreads.stop();
    }
  }

  /** Ids of the tasks this instance is running now. */
  public Set<UUID> runningHere() {
    return Set.copyOf(executions.keySet());
  }

  boolean isRunningHere(UUID taskId) {
    return executions.containsKey(taskId);
  }

  /**
   * Writes the first reports held for {@link TaskContext#REPORT_INTERVAL} ({@link HeldProgress}).
   */
  void writeHeldReports() {
    long interval = TaskContext.REPORT_INTERVAL.toNanos();
    for (Execution execution : executions.values()) {
      HousekeepingJobs.logged(
              "held progress of " + execution.task.id(),
              () -> execution.progress.writeIfHeldFor(interval))
          .run();
    }
  }

  int runningInLane(Lane lane) {
    int n = 0;
    for (Execution execution : executions.values()) {
      if (execution.task.lane() == lane) {
        n++;
      }
    }
    return n;
  }

  void onTaskEvent(@Observes(during = TransactionPhase.AFTER_SUCCESS) TaskEvent event) {
    if (event instanceof TaskEvent.Ended ended && ended.status() == TaskStatus.CANCELLED) {
      Execution execution = executions.get(ended.taskId());
      if (execution != null) {
        execution.stop("cancelled");
      }
    }
  }

  private Map<UUID, JsonObject> dependencyResults(UUID id) {
    Map<UUID, JsonObject> results = new LinkedHashMap<>();
    tasks
        .dependencyResults(id)
        .forEach(
            (dependency, json) -> {
              try (JsonReader reader =
                  Json.createReader(new StringReader(json == null ? "{}" : json))) {
                results.put(dependency, reader.readObject());
              }
            });
    return results;
  }

  void launch(ClaimedTask task) {
    launch(task, OptionalDouble.empty());
  }

  /**
   * @param grantedCores the cores admission granted, when less than the task's estimate (a type
   *     that scales to what it is given): the ledger reserves them and the handler keeps to them
   */
  void launch(ClaimedTask task, OptionalDouble grantedCores) {
    Optional<TaskHandler> handler = handlers.find(task.taskType());
    if (handler.isEmpty()) {
      outcomes.fail(
          task.id(),
          instance.name(),
          "This server has no handler for task type " + task.taskType());
      return;
    }
    String owner = instance.name();
    double cores = grantedCores.orElse(task.estimatedCpuCores());
    HeldProgress reports = new HeldProgress(task, owner, progress);
    TaskContext context =
        new TaskContext(
            task.id(),
            task.userId(),
            task.parameters(),
            task.attempt(),
            reports::report,
            TaskContext.REPORT_INTERVAL,
            () -> dependencyResults(task.id()),
            cores);
    Execution execution = new Execution(task, reports, context);
    executions.put(task.id(), execution);
    ledger.started(task.id(), new ResourceEstimate(cores, task.estimatedRamGb()), clock.instant());
    try {
      execution.future = taskThreads.submit(() -> execute(execution, handler.get()));
    } catch (RuntimeException e) {
      executions.remove(task.id());
      ledger.finished(task.id(), clock.instant());
      LOG.log(
          Level.SEVERE, "Could not start task " + task.id() + "; handing it back to the queue", e);
      outcomes.handBack(task.id(), owner);
    }
  }

  private void execute(Execution execution, TaskHandler handler) {
    UUID id = execution.task.id();
    String owner = instance.name();
    ledger.executing(id);
    try {
      UsageMeter meter = UsageMeter.start();
      JsonObject result = handler.run(execution.context);
      UsageMeter.Usage usage = meter.stop();
      execution.handlerReturned = true;
      if (!execution.context.isStopped()) {
        JsonObject done = result == null ? JsonValue.EMPTY_JSON_OBJECT : result;
        String json = JsonText.of(done);
        // Only a completed task says what its kind costs; its measurement is stored with it.
        ResourceProfiles.Measurement measured =
            ResourceProfiles.measure(execution.task.taskType(), execution.task.parameters(), usage);
        record(
            () ->
                completions.complete(
                    new TaskOutcomes.Completion(
                        id,
                        owner,
                        json,
                        ResultSummary.of(done),
                        execution.progress.take(),
                        measured)));
      }
    } catch (CancellationException | InterruptedException stopped) {
      // Whoever stopped it (cancel, timeout, lost lease, shutdown) has recorded the outcome.
    } catch (TaskDeferred deferred) {
      if (!execution.context.isStopped()) {
        recordAfterHeldReport(
            execution, () -> outcomes.defer(id, owner, deferred.getMessage(), deferred.delay()));
      }
    } catch (TransientTaskFailure transientFailure) {
      if (!execution.context.isStopped()) {
        recordAfterHeldReport(
            execution,
            () ->
                outcomes.retryOrFail(
                    id, owner, describe(transientFailure), backoff(execution.task.attempt())));
      }
    } catch (TaskFailure failure) {
      // An expected outcome (the user's own algorithm failed, say): its message says it all.
      if (!execution.context.isStopped()) {
        LOG.info(() -> "Task " + id + " failed: " + firstLine(failure.getMessage()));
        recordAfterHeldReport(execution, () -> outcomes.fail(id, owner, describe(failure)));
      }
    } catch (Throwable failure) {
      if (!execution.context.isStopped()) {
        LOG.log(Level.INFO, "Task " + id + " failed", failure);
        recordAfterHeldReport(execution, () -> outcomes.fail(id, owner, describe(failure)));
      }
    } finally {
      executions.remove(id);
      ledger.finished(id, clock.instant());
      onEnded.run();
    }
  }

  /**
   * An execution whose future is done but which is still registered never ran our code to its end
   * (the pool failed it before or around the handler, and futures keep such failures to
   * themselves). Without this, its lease would be renewed forever: hand the task back instead.
   */
  void reapVanished() {
    for (Execution execution : executions.values()) {
      Future<?> future = execution.future;
      if (future == null || !future.isDone()) {
        continue;
      }
      UUID id = execution.task.id();
      if (executions.remove(id, execution)) {
        String cause;
        try {
          future.get();
          cause = "it ended without recording an outcome";
        } catch (ExecutionException e) {
          cause = String.valueOf(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (CancellationException e) {
          cause = "it was cancelled";
        }
        String why = cause;
        LOG.severe(
            () ->
                "Execution of task "
                    + id
                    + " vanished ("
                    + why
                    + "); handing it back to the queue");
        ledger.finished(id, clock.instant());
        outcomes.handBack(id, instance.name());
      }
    }
  }

  /** Extends the leases of what runs here; stops what is no longer ours (cancelled, taken over). */
  void renewLeases() {
    if (executions.isEmpty()) {
      return;
    }
    Instant until = clock.instant().plusSeconds(config.leaseSeconds);
    // A copy: the live key set changes while the query binds it.
    for (UUID lost : leases.renew(instance.name(), List.copyOf(executions.keySet()), until)) {
      Execution execution = executions.get(lost);
      if (execution != null && !execution.handlerReturned) {
        LOG.info(
            () ->
                "Task "
                    + lost
                    + " is no longer ours to run (cancelled or taken over); stopping it");
        execution.stop("no longer held by this instance");
      }
    }
  }

  void enforceTimeouts() {
    Instant now = clock.instant();
    for (Execution execution : executions.values()) {
      if (!now.isBefore(execution.task.deadline())) {
        execution.stop("timed out");
        outcomes.timeOut(execution.task.id(), instance.name());
      }
    }
  }

  /** 2 s, 4 s, 8 s ... capped at 5 minutes. */
  static Duration backoff(int attempt) {
    long seconds = Math.min(300, 1L << Math.min(20, Math.max(1, attempt)));
    return Duration.ofSeconds(seconds);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end) + " ...";
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }

  private static void record(Runnable outcome) {
    HousekeepingJobs.logged("record outcome", outcome).run();
  }

  /** An outcome that does not take the held first report: that report is written before it. */
  private static void recordAfterHeldReport(Execution execution, Runnable outcome) {
    record(execution.progress::writeHeld);
    record(outcome);
  }
}
