package io.tasklane.scheduling;

import io.tasklane.resources.AdmissionRule;
import io.tasklane.resources.BurstAllowance;
import io.tasklane.resources.HostResources;
import io.tasklane.resources.ResourceSnapshot;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.QueuedTask;
import io.tasklane.tasks.TaskHandler;
import io.tasklane.tasks.TaskHandlers;
import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * One admission pass over the local lane: the candidates and figures go to {@link
 * LocalLaneDecisions} (strict priority then FIFO, the resource rule, the burst allowance for short
 * tasks, the starvation guard) against the latest measurement plus this instance's reservations.
 * Waiting tasks get their reason recorded; each decision is logged at FINE.
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
  @Inject LaneCapacity capacity;
  @Inject HostResources host;
  @Inject ExpectedCpuTime expectedCpu;
  @Inject TaskHandlers handlers;
  @Inject Clock clock;

  @Inject @ConfigProperties SchedulerConfig config;

  /** Built at the first pass, when the machine's size is known. */
  private volatile LocalLaneDecisions decisions;

  /** What a queued task is known by here: its type and parameters never change. */
  private record Known(
      String taskType, double expectedCpuMs, String basis, double elasticMinimumCores) {}

  /** A candidate whose row went between the candidates' query and this pass's look-up. */
  private static final Known GONE =
      new Known(null, Double.POSITIVE_INFINITY, "no row: the task is gone", 0);

  /** By queued task, read once. */
  private final Map<UUID, Known> known = new ConcurrentHashMap<>();

  /**
   * Starts what may start now.
   *
   * @return true when a task was left waiting for resources (worth a re-check soon)
   */
  @Override
  public boolean admit(AdmissionPass pass) {
    Instant now = clock.instant();
    List<QueuedTask> head = tasks.admissionCandidates(Lane.LOCAL, now, CANDIDATES);
    Map<UUID, String> held = blocked.dependencyWaits(Lane.LOCAL);
    if (head.isEmpty()) {
      known.clear();
      blocked.record(Lane.LOCAL, held, now);
      return false;
    }
    known.keySet().retainAll(head.stream().map(QueuedTask::id).toList());
    learnNew(head);
    List<QueuedTask> queued = withinLaneCapacity(head, held);
    if (queued.isEmpty()) {
      blocked.record(Lane.LOCAL, held, now);
      return false;
    }
    ResourceSnapshot snapshot = ledger.current(now, MAX_SAMPLE_AGE);
    double factor = rule.settings().consumptionFactor();
    Duration window = Duration.ofMillis(2 * config.intervalMs);
    LocalLaneDecisions.Figures lane =
        new LocalLaneDecisions.Figures(
            snapshot.totalCores(),
            snapshot.totalRamGb(),
            ledger.available(snapshot, window, factor),
            ledger.drained(snapshot, window, factor),
            pass.runningHere(Lane.LOCAL));
    List<LocalLaneDecisions.Candidate> candidates =
        queued.stream()
            .map(
                t -> {
                  Known k = known.getOrDefault(t.id(), GONE);
                  return new LocalLaneDecisions.Candidate(
                      t, k.expectedCpuMs(), k.basis(), k.elasticMinimumCores());
                })
            .toList();
    LocalLaneDecisions.Outcome outcome =
        decisions(snapshot.totalCores())
            .decide(
                candidates,
                lane,
                now,
                (id, cores) -> {
                  pass.admit(id, capacity::admits, cores);
                  return true;
                });
    held.putAll(outcome.waiting());
    blocked.record(Lane.LOCAL, held, now);
    if (outcome.headDecision().map(AdmissionRule.Decision::heldByHeapAlone).orElse(false)
        && ledger.running() == 0
        && host.collectHeap()) {
      // Without allocation no collection comes, and the live set measured while the last tasks
      // ran would hold the head task forever; the next pass measures the heap afresh.
      LOG.log(Level.FINE, "Collected the heap for task {0}", outcome.head().get().id());
    }
    return outcome.head().isPresent();
  }

  /**
   * The candidates whose type's lane has room, counted in the database (the claim counts again,
   * under a lock); the others wait with the reason, in {@code held}, and do not hold up other
   * types. Within a type the first in queue order starts first. The types are those {@link
   * #learnNew} read: a pass asks the database only for the running counts.
   */
  private List<QueuedTask> withinLaneCapacity(List<QueuedTask> queued, Map<UUID, String> held) {
    Map<String, Integer> limits = capacity.limits();
    if (limits.isEmpty() || queued.isEmpty()) {
      return queued;
    }
    Map<String, Long> running = new HashMap<>();
    List<QueuedTask> room = new ArrayList<>(queued.size());
    for (QueuedTask task : queued) {
      String type = known.getOrDefault(task.id(), GONE).taskType();
      Integer max = type == null ? null : limits.get(type);
      if (max == null) {
        room.add(task);
        continue;
      }
      long busy = running.computeIfAbsent(type, tasks::countRunning);
      Optional<String> full = LaneCapacity.fullReason(type, max, busy);
      if (full.isPresent()) {
        held.put(task.id(), full.get());
      } else {
        room.add(task);
      }
    }
    return room;
  }

  /**
   * Reads what is not known yet of the candidates in one query: a pass that meets many new tasks (a
   * batch just submitted) asks the database once, not once per task.
   */
  private void learnNew(List<QueuedTask> queued) {
    List<UUID> unknown =
        queued.stream().map(QueuedTask::id).filter(id -> !known.containsKey(id)).toList();
    tasks
        .typesAndParameters(unknown)
        .forEach(
            (id, t) -> {
              ExpectedCpuTime.Expectation expected =
                  expectedCpu.expect(t.taskType(), t.parametersJson());
              known.put(
                  id,
                  new Known(
                      t.taskType(),
                      expected.millis(),
                      expected.basis(),
                      handlers
                          .find(t.taskType())
                          .map(TaskHandler::elasticMinimumCores)
                          .orElse(0.0)));
            });
  }

  private LocalLaneDecisions decisions(int totalCores) {
    LocalLaneDecisions built = decisions;
    if (built == null) {
      built =
          new LocalLaneDecisions(
              rule,
              BurstAllowance.fromBuffer(rule.minCores(totalCores), clock),
              Duration.ofSeconds(config.starvationSeconds),
              config.localConcurrency);
      decisions = built;
    }
    return built;
  }

  /** For the start-up log line. */
  public String describe() {
    return rule.settings()
        + config.localConcurrency.map(n -> "; at most " + n + " local tasks").orElse("");
  }
}
