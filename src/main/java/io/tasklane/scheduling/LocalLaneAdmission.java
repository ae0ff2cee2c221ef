package io.tasklane.scheduling;

import io.tasklane.resources.AdmissionRule;
import io.tasklane.resources.HostResources;
import io.tasklane.resources.ResourceSnapshot;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.QueuedTask;
import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One admission pass over the local lane: strict priority then FIFO, gated by the resource rule
 * against the latest measurement plus this instance's reservations. A task that does not fit may be
 * overtaken by later ones that do, until it has waited {@code starvationSeconds}: from then on
 * nothing passes it, the machine drains, and it starts. Waiting tasks get their reason recorded;
 * each decision is logged at FINE.
 */
@ApplicationScoped
public class LocalLaneAdmission implements LaneAdmission {
  /**
   * A pass re-measures when the cached sample is older than this, so a lane held back by a busy
   * machine sees it free up within a quarter second, not a whole sweep.
   */
  static final Duration MAX_SAMPLE_AGE = Duration.ofMillis(250);

  private static final Logger LOG = Logger.getLogger(LocalLaneAdmission.class.getName());

  /** How many queued tasks one pass looks at. */
  private static final int CANDIDATES = 20;

  @Inject TaskStore tasks;
  @Inject AdmissionRule rule;
  @Inject ResourceLedger ledger;
  @Inject BlockedReasons blocked;
  @Inject HostResources host;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "tasklane.scheduler.interval-ms")
  long intervalMs;

  /** An optional hard cap on local tasks per instance, on top of the resource rule. */
  @Inject
  @ConfigProperty(name = "tasklane.scheduler.local-concurrency")
  Optional<Integer> localConcurrency;

  /** Once the first blocked task has waited this long, later tasks stop overtaking it. */
  @Inject
  @ConfigProperty(name = "tasklane.scheduler.starvation-seconds", defaultValue = "60")
  long starvationSeconds;

  /**
   * Starts what may start now: what the resource rule admits on the measured machine, in priority
   * order, until a task has starved long enough that later ones stop overtaking it.
   *
   * @return true when a task was left waiting for resources (worth a re-check soon)
   */
  @Override
  public boolean admit(AdmissionPass pass) {
    Instant now = clock.instant();
    List<QueuedTask> candidates = tasks.admissionCandidates(Lane.LOCAL, now, CANDIDATES);
    if (candidates.isEmpty()) {
      return false;
    }
    ResourceSnapshot snapshot = ledger.current(now, MAX_SAMPLE_AGE);
    double factor = rule.settings().consumptionFactor();
    ResourceLedger.Budget budget =
        ledger.available(snapshot, Duration.ofMillis(2 * intervalMs), factor);
    Map<UUID, String> waiting = new LinkedHashMap<>();
    QueuedTask firstBlocked = null;
    AdmissionRule.Decision firstBlockedDecision = null;
    int running = pass.runningHere(Lane.LOCAL);
    for (QueuedTask candidate : candidates) {
      if (localConcurrency.isPresent() && running >= localConcurrency.get()) {
        waiting.put(candidate.id(), "All " + localConcurrency.get() + " local task slots are busy");
        continue;
      }
      if (firstBlocked != null && starving(firstBlocked, now)) {
        waiting.put(
            candidate.id(),
            "Waiting behind a task that has waited "
                + Duration.between(firstBlocked.queuedAt(), now).toSeconds()
                + " s for resources: it starts first");
        continue;
      }
      AdmissionRule.Decision decision =
          rule.evaluate(
              snapshot.totalCores(),
              snapshot.totalRamGb(),
              budget.cores(),
              budget.ramGb(),
              budget.heap(),
              candidate.estimate());
      if (!decision.admitted()) {
        LOG.log(Level.FINE, "Task {0} held: {1}", new Object[] {candidate.id(), decision.reason()});
        waiting.put(candidate.id(), decision.reason());
        if (firstBlocked == null) {
          firstBlocked = candidate;
          firstBlockedDecision = decision;
        }
        continue;
      }
      if (pass.claimAndLaunch(candidate.id())) {
        LOG.log(
            Level.FINE, "Task {0} admitted: {1}", new Object[] {candidate.id(), decision.reason()});
        budget = budget.after(candidate.estimate(), factor);
        running++;
      }
    }
    blocked.record(Lane.LOCAL, waiting, now);
    if (firstBlockedDecision != null
        && firstBlockedDecision.heldByHeapAlone()
        && ledger.running() == 0
        && host.collectHeap()) {
      // Without allocation no collection comes, and the live set measured while the last tasks
      // ran would hold the head task forever; the next pass measures the heap afresh.
      LOG.log(Level.FINE, "Collected the heap for task {0}", firstBlocked.id());
    }
    return firstBlocked != null;
  }

  /** For the start-up log line. */
  public String describe() {
    return rule.settings()
        + localConcurrency.map(n -> "; at most " + n + " local tasks").orElse("");
  }

  private boolean starving(QueuedTask task, Instant now) {
    return task.queuedAt().plusSeconds(starvationSeconds).isBefore(now);
  }
}
