package io.tasklane.scheduling;

import io.tasklane.events.TaskEvent;
import io.tasklane.events.TaskEventType;
import io.tasklane.quantconnect.NodeGate;
import io.tasklane.quantconnect.NodeSlotFreed;
import io.tasklane.quantconnect.NodeWatch;
import io.tasklane.quantconnect.OrphanedNodeSlots;
import io.tasklane.quantconnect.QuantConnectLaneReady;
import io.tasklane.resources.ResourceEstimate;
import io.tasklane.resources.ResourceSnapshot;
import io.tasklane.system.WakeableLoop;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.TaskContext;
import io.tasklane.tasks.TaskDeferred;
import io.tasklane.tasks.TaskFailure;
import io.tasklane.tasks.TaskHandler;
import io.tasklane.tasks.TaskHandlers;
import io.tasklane.tasks.TransientTaskFailure;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The background server of one instance. Admission is event-driven (a submission or a finished task
 * wakes its loop's thread at once); a fixed-delay sweep on the {@link
 * ManagedScheduledExecutorService} renews this instance's leases, recovers tasks of dead instances,
 * enforces timeouts and admits whatever the events missed. Claimed tasks run on {@link
 * TaskThreads}.
 *
 * <p>The only state held here is the set of executions running in this JVM; what a task is and who
 * runs it is in the database.
 */
@ApplicationScoped
public class Worker {
  private static final Logger LOG = Logger.getLogger(Worker.class.getName());
  private static final int RECOVERY_BATCH = 50;

  @Resource ManagedScheduledExecutorService scheduler;
  @Resource ManagedThreadFactory threads;

  @Inject TaskClaims claims;
  @Inject TaskOutcomes outcomes;
  @Inject ExecutionLeases leases;
  @Inject ProgressReports progress;
  @Inject TaskHandlers handlers;
  @Inject LocalLaneAdmission localLane;
  @Inject QuantConnectLaneAdmission quantConnectLane;
  @Inject NodeGate nodeGate;
  @Inject OrphanedNodeSlots orphanedSlots;
  @Inject NodeWatch nodeWatch;
  @Inject ResourceLedger ledger;
  @Inject InstanceIdentity instance;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "tasklane.scheduler.interval-ms")
  long intervalMs;

  @Inject
  @ConfigProperty(name = "tasklane.scheduler.lease-seconds")
  long leaseSeconds;

  private final Map<UUID, Execution> executions = new ConcurrentHashMap<>();
  private final WakeableLoop admissionLoop = new WakeableLoop("tasklane-admission", this::admit);
  private final ReentrantLock admission = new ReentrantLock();
  private volatile TaskThreads taskThreads;
  private volatile ScheduledFuture<?> sweep;
  private volatile boolean stopping;

  private static final class Execution {
    final ClaimedTask task;
    final TaskContext context;

    /** The handler has returned: only its outcome remains to be recorded. */
    volatile boolean handlerReturned;

    volatile Future<?> future;

    Execution(ClaimedTask task, TaskContext context) {
      this.task = task;
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

  void start() {
    ResourceSnapshot machine = ledger.measure();
    LOG.info(
        () ->
            "Scheduler started as "
                + instance.name()
                + ": sweep every "
                + intervalMs
                + " ms, leases of "
                + leaseSeconds
                + " s; machine "
                + machine.totalCores()
                + " cores, "
                + Math.round(machine.totalRamGb() * 10) / 10.0
                + " GB RAM; "
                + localLane.describe());
    taskThreads = new TaskThreads(threads, TaskThreads.IDLE);
    admissionLoop.start(threads);
    sweep =
        scheduler.scheduleWithFixedDelay(
            logged("sweep", this::sweep), 0, intervalMs, TimeUnit.MILLISECONDS);
  }

  void stop() {
    stopping = true;
    if (sweep != null) {
      sweep.cancel(false);
    }
    admissionLoop.stop(Duration.ofSeconds(5));
    for (Execution execution : executions.values()) {
      execution.stop("server shutting down");
      logged("hand back", () -> outcomes.handBack(execution.task.id(), instance.name())).run();
    }
    if (taskThreads != null) {
      taskThreads.stop();
    }
  }

  /** Asks for an admission pass now; calls while one is pending coalesce into it. */
  public void wake() {
    if (!stopping) {
      admissionLoop.wake();
    }
  }

  void onTaskEvent(@Observes(during = TransactionPhase.AFTER_SUCCESS) TaskEvent event) {
    if (event.type() == TaskEventType.TASK_COMPLETED && "cancelled".equals(event.status())) {
      Execution execution = executions.get(event.taskId());
      if (execution != null) {
        execution.stop("cancelled");
      }
    }
    if (event.type() == TaskEventType.TASK_QUEUED || event.type() == TaskEventType.TASK_COMPLETED) {
      wake();
    }
  }

  /** A QuantConnect node came free (a backtest ended): hand it to the next task now. */
  void onNodeSlotFreed(@Observes(during = TransactionPhase.AFTER_SUCCESS) NodeSlotFreed freed) {
    wake();
  }

  /** Waits in the QuantConnect lane ended (QuantConnect answers again, a node freed outside). */
  void onQuantConnectLaneReady(@Observes QuantConnectLaneReady ready) {
    wake();
  }

  /** Ids of the tasks this instance is running now. */
  public Set<UUID> runningHere() {
    return Set.copyOf(executions.keySet());
  }

  private void sweep() {
    ledger.measure();
    reapVanishedExecutions();
    renewLeases();
    recoverExpiredLeases();
    enforceTimeouts();
    orphanedSlots.releaseDue();
    nodeWatch.recheckDue();
    admit();
  }

  /**
   * An execution whose future is done but which is still registered never ran our code to its end
   * (the pool failed it before or around the handler, and futures keep such failures to
   * themselves). Without this, its lease would be renewed forever: hand the task back instead.
   */
  private void reapVanishedExecutions() {
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
        } catch (java.util.concurrent.CancellationException e) {
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

  private void renewLeases() {
    if (executions.isEmpty()) {
      return;
    }
    Instant until = clock.instant().plusSeconds(leaseSeconds);
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

  private void recoverExpiredLeases() {
    for (UUID id : leases.expired(clock.instant(), RECOVERY_BATCH)) {
      if (!executions.containsKey(id) && outcomes.recoverExpired(id)) {
        LOG.warning(() -> "Recovered task " + id + " whose instance stopped renewing its lease");
      }
    }
  }

  private void enforceTimeouts() {
    Instant now = clock.instant();
    for (Execution execution : executions.values()) {
      if (!now.isBefore(execution.task.deadline())) {
        execution.stop("timed out");
        outcomes.timeOut(execution.task.id(), instance.name());
      }
    }
  }

  private void admit() {
    admission.lock();
    try {
      if (!stopping) {
        admitLocal();
        admitQuantConnect();
      }
    } finally {
      admission.unlock();
    }
  }

  private void admitLocal() {
    if (localLane.admit(runningInLane(Lane.LOCAL), this::claimAndLaunch)) {
      recheckSoon();
    }
  }

  private boolean claimAndLaunch(UUID id) {
    Optional<ClaimedTask> claimed = tryClaim(id, clock.instant(), taskId -> true);
    claimed.ifPresent(this::launch);
    return claimed.isPresent();
  }

  private void admitQuantConnect() {
    quantConnectLane.admit(
        id -> {
          Instant now = clock.instant();
          Optional<ClaimedTask> claimed =
              tryClaim(id, now, taskId -> nodeGate.acquire(taskId, now));
          claimed.ifPresent(this::launch);
          return claimed.isPresent();
        });
  }

  /**
   * A lane held back by the measured load is looked at again after {@link
   * LocalLaneAdmission#MAX_SAMPLE_AGE} (with a fresh sample) instead of at the next sweep; at most
   * one such re-check is pending.
   */
  private void recheckSoon() {
    if (!stopping) {
      admissionLoop.wakeWithin(LocalLaneAdmission.MAX_SAMPLE_AGE);
    }
  }

  private Optional<ClaimedTask> tryClaim(UUID id, Instant now, Predicate<UUID> gate) {
    try {
      return claims.tryClaimThrough(id, instance.name(), now, now.plusSeconds(leaseSeconds), gate);
    } catch (RuntimeException e) {
      // Another instance claimed it first (optimistic lock) or the row changed: try the next one.
      LOG.log(Level.FINE, "Claim of " + id + " lost", e);
      return Optional.empty();
    }
  }

  private int runningInLane(Lane lane) {
    int n = 0;
    for (Execution execution : executions.values()) {
      if (execution.task.lane() == lane) {
        n++;
      }
    }
    return n;
  }

  private void launch(ClaimedTask task) {
    Optional<TaskHandler> handler = handlers.find(task.taskType());
    if (handler.isEmpty()) {
      outcomes.fail(
          task.id(),
          instance.name(),
          "This server has no handler for task type " + task.taskType());
      return;
    }
    String owner = instance.name();
    TaskContext context =
        new TaskContext(
            task.id(),
            task.userId(),
            task.parameters(),
            task.attempt(),
            (d, p) -> progress.report(task, owner, d, p));
    Execution execution = new Execution(task, context);
    executions.put(task.id(), execution);
    ledger.started(
        task.id(),
        new ResourceEstimate(task.estimatedCpuCores(), task.estimatedRamGb()),
        clock.instant());
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
      JsonObject result = handler.run(execution.context);
      execution.handlerReturned = true;
      if (!execution.context.isStopped()) {
        record(() -> outcomes.complete(id, owner, result == null ? "{}" : result.toString()));
      }
    } catch (CancellationException | InterruptedException stopped) {
      // Whoever stopped it (cancel, timeout, lost lease, shutdown) has recorded the outcome.
    } catch (TaskDeferred deferred) {
      if (!execution.context.isStopped()) {
        record(() -> outcomes.defer(id, owner, deferred.getMessage(), deferred.delay()));
      }
    } catch (TransientTaskFailure transientFailure) {
      if (!execution.context.isStopped()) {
        record(
            () ->
                outcomes.retryOrFail(
                    id, owner, describe(transientFailure), backoff(execution.task.attempt())));
      }
    } catch (TaskFailure failure) {
      // An expected outcome (the user's own algorithm failed, say): its message says it all.
      if (!execution.context.isStopped()) {
        LOG.info(() -> "Task " + id + " failed: " + firstLine(failure.getMessage()));
        record(() -> outcomes.fail(id, owner, describe(failure)));
      }
    } catch (Throwable failure) {
      if (!execution.context.isStopped()) {
        LOG.log(Level.INFO, "Task " + id + " failed", failure);
        record(() -> outcomes.fail(id, owner, describe(failure)));
      }
    } finally {
      executions.remove(id);
      ledger.finished(id, clock.instant());
      wake();
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
    logged("record outcome", outcome).run();
  }

  /** Background work never dies silently: log and keep going. */
  private static Runnable logged(String what, Runnable work) {
    return () -> {
      try {
        work.run();
      } catch (Throwable e) {
        LOG.log(Level.WARNING, "Scheduler " + what + " failed; it will run again", e);
      }
    };
  }
}
