package io.tasklane.scheduling;

import io.tasklane.resources.ResourceSnapshot;
import io.tasklane.system.WakeableLoop;
import io.tasklane.tasks.QueueCounts;
import io.tasklane.tasks.TaskEvent;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The background server of one instance: its lifecycle, the admission loop and the housekeeping
 * jobs. Admission is event-driven (a submission, a finished task or a lane's own news wakes the
 * loop's thread at once) and also runs every {@code tasklane.scheduler.interval-ms}; it asks each
 * {@link LaneAdmission} in turn. Housekeeping runs beside it on the {@link
 * ManagedScheduledExecutorService}, each job on its own schedule: lease renewal at a third of the
 * lease, recovery of dead instances' tasks, timeouts, and whatever the lanes register. Claimed
 * tasks run in the {@link TaskExecutor}.
 *
 * <p>No state is held here; what a task is and who runs it is in the database, what runs in this
 * JVM is the executor's.
 */
@ApplicationScoped
public class Worker {
  private static final Logger LOG = Logger.getLogger(Worker.class.getName());
  private static final int RECOVERY_BATCH = 50;

  /**
   * How often held first reports are looked at: one waits the report interval plus this at most.
   */
  private static final Duration HELD_PROGRESS_SWEEP = Duration.ofMillis(100);

  /**
   * How often the queue counters' changes are summed up: a position reads the changes not folded
   * yet, so they stay few.
   */
  private static final Duration QUEUE_COUNT_FOLD = Duration.ofMillis(500);

  @Resource ManagedScheduledExecutorService scheduler;
  @Resource ManagedThreadFactory threads;

  @Inject TaskClaims claims;
  @Inject TaskOutcomes outcomes;
  @Inject ExecutionLeases leases;
  @Inject TaskExecutor executor;
  @Inject LocalLaneAdmission localLane;
  @Inject Instance<LaneAdmission> lanes;
  @Inject Instance<Housekeeping> laneHousekeeping;
  @Inject ResourceLedger ledger;
  @Inject QueueCounts queueCounts;
  @Inject InstanceIdentity instance;
  @Inject Clock clock;

  @Inject @ConfigProperties SchedulerConfig config;

  /**
   * Passes woken in a burst (a submission or an end each) start at least this far apart: one pass
   * takes in all that came meanwhile. Without it a burst of single submissions cost a pass and a
   * transaction each (11 % of the server's CPU in a profile, issue 25); a pass after a quiet spell
   * still runs at once.
   */
  static final Duration ADMISSION_GAP = Duration.ofMillis(5);

  private final WakeableLoop admissionLoop =
      new WakeableLoop("tasklane-admission", this::admit, ADMISSION_GAP);
  private final ReentrantLock admission = new ReentrantLock();
  private final HousekeepingJobs housekeeping = new HousekeepingJobs();
  private volatile List<LaneAdmission> admissions = List.of();
  private volatile boolean stopping;

  void start() {
    ResourceSnapshot machine = ledger.measure();
    LOG.info(
        () ->
            "Scheduler started as "
                + instance.name()
                + ": admission every "
                + config.intervalMs
                + " ms and on every change, leases of "
                + config.leaseSeconds
                + " s renewed every "
                + leaseRenewal().toMillis()
                + " ms; machine "
                + machine.totalCores()
                + " cores, "
                + Math.round(machine.totalRamGb() * 10) / 10.0
                + " GB RAM; "
                + localLane.describe());
    setAdmissions(lanes.stream().toList());
    executor.start(this::wake);
    admissionLoop.start(threads);
    Duration interval = Duration.ofMillis(config.intervalMs);
    List<Housekeeping> jobs = new ArrayList<>();
    jobs.add(Housekeeping.of("admission sweep", interval, this::sweep));
    jobs.add(Housekeeping.of("lease renewal", leaseRenewal(), executor::renewLeases));
    jobs.add(Housekeeping.of("recovery", interval, this::recoverExpiredLeases));
    jobs.add(Housekeeping.of("timeouts", interval, executor::enforceTimeouts));
    jobs.add(Housekeeping.of("held progress", HELD_PROGRESS_SWEEP, executor::writeHeldReports));
    jobs.add(Housekeeping.of("queue counts", QUEUE_COUNT_FOLD, this::foldQueueCounts));
    laneHousekeeping.forEach(jobs::add);
    housekeeping.start(scheduler, jobs);
  }

  private void foldQueueCounts() {
    queueCounts.fold();
    queueCounts.reclaimFolded();
  }

  void stop() {
    stopping = true;
    housekeeping.stop();
    admissionLoop.stop(Duration.ofSeconds(5));
    executor.stop();
  }

  /** A third of the lease: two renewals may fail (a slow query, a pause) before it runs out. */
  Duration leaseRenewal() {
    return Duration.ofMillis(Math.max(config.intervalMs, config.leaseSeconds * 1000 / 3));
  }

  /** Asks for an admission pass now; calls while one is pending coalesce into it. */
  public void wake() {
    if (!stopping) {
      admissionLoop.wake();
    }
  }

  void onTaskEvent(@Observes(during = TransactionPhase.AFTER_SUCCESS) TaskEvent event) {
    if (event instanceof TaskEvent.Queued || event instanceof TaskEvent.Ended) {
      wake();
    }
  }

  /** A lane's own news (a node freed, a wait ended) may let its head start. */
  void onLaneReady(@Observes LaneReady ready) {
    wake();
  }

  /** What admission events may miss: a fresh measurement, a vanished execution, then a pass. */
  private void sweep() {
    ledger.measure();
    executor.reapVanished();
    admit();
  }

  private void recoverExpiredLeases() {
    for (UUID id : leases.expired(clock.instant(), RECOVERY_BATCH)) {
      if (!executor.isRunningHere(id) && outcomes.recoverExpired(id)) {
        LOG.warning(() -> "Recovered task " + id + " whose instance stopped renewing its lease");
      }
    }
  }

  void setAdmissions(List<LaneAdmission> lanes) {
    admissions = List.copyOf(lanes);
  }

  /** One admission pass on the caller's thread (the loop's, the sweep's, a test's). */
  void admitNow() {
    admit();
  }

  private void admit() {
    admission.lock();
    try {
      AdmissionPass pass =
          new AdmissionPass(executor::runningInLane, this::claimAndLaunch, this::claimAndLaunchAll);
      boolean soon = false;
      for (LaneAdmission lane : admissions) {
        if (stopping) {
          return;
        }
        try {
          soon |= lane.admit(pass);
        } catch (RuntimeException e) {
          // One lane's failure (its database query, say) must not hold up the others.
          LOG.log(Level.WARNING, "Admission of " + lane + " failed; it runs again", e);
        } finally {
          pass.claimAdmitted(); // what it admitted before any failure still starts
        }
      }
      if (soon) {
        recheckSoon();
      }
    } finally {
      admission.unlock();
    }
  }

  private boolean claimAndLaunch(UUID id, Predicate<UUID> gate, OptionalDouble grantedCores) {
    Instant now = clock.instant();
    Optional<ClaimedTask> claimed = tryClaim(id, now, gate);
    claimed.ifPresent(task -> executor.launch(task, grantedCores));
    return claimed.isPresent();
  }

  /**
   * Claims what a lane admitted in one transaction; if that loses a race with another instance (an
   * optimistic-lock failure rolls all of it back), one by one, so each task still goes to exactly
   * one instance and the others here still start.
   */
  private void claimAndLaunchAll(List<AdmissionPass.Admitted> admitted) {
    Map<UUID, AdmissionPass.Admitted> byId = new HashMap<>();
    admitted.forEach(a -> byId.put(a.taskId(), a));
    Instant now = clock.instant();
    List<ClaimedTask> claimed;
    try {
      claimed =
          claims.tryClaimAll(
              admitted.stream().map(AdmissionPass.Admitted::taskId).toList(),
              instance.name(),
              now,
              now.plusSeconds(config.leaseSeconds),
              id -> byId.get(id).gate().test(id));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Claim of " + admitted.size() + " tasks lost; one by one", e);
      admitted.forEach(a -> claimAndLaunch(a.taskId(), a.gate(), a.grantedCores()));
      return;
    }
    claimed.forEach(task -> executor.launch(task, byId.get(task.id()).grantedCores()));
    if (claimed.size() < admitted.size()) {
      // What the pass set aside for the others is free again.
      wake();
    }
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
      return claims.tryClaimThrough(
          id, instance.name(), now, now.plusSeconds(config.leaseSeconds), gate);
    } catch (RuntimeException e) {
      // Another instance claimed it first (optimistic lock) or the row changed: try the next one.
      LOG.log(Level.FINE, "Claim of " + id + " lost", e);
      return Optional.empty();
    }
  }
}
