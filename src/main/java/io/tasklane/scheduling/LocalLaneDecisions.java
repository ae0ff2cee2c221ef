package io.tasklane.scheduling;

import io.tasklane.resources.AdmissionRule;
import io.tasklane.resources.BurstAllowance;
import io.tasklane.resources.ResourceEstimate;
import io.tasklane.tasks.QueuedTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The decisions of one admission pass over the local lane, pure so that they are tested with fixed
 * budgets and a settable clock: strict priority then FIFO, each candidate gated by the resource
 * rule; a short task (expected CPU time below {@code short-task-cpu-ms}) is admitted against the
 * {@link BurstAllowance} instead of its cores estimate.
 *
 * <p>A task that does not fit may be overtaken by later ones that do, until it has waited {@code
 * starvationSeconds}. From then on the starvation guard asks what holds it: if this instance's own
 * tasks hold what it needs (it would fit were they all ended), nothing passes it, the lane drains,
 * and it starts. If it would not fit even then, load outside Tasklane holds it and draining would
 * not help: holding everything would only freeze the lane, so short tasks still pass on the
 * allowance (which comes from the buffer, not from the cores the head needs) and only what would
 * take what the head needs is held.
 */
final class LocalLaneDecisions {
  private static final Logger LOG = Logger.getLogger(LocalLaneAdmission.class.getName());

  /**
   * A queued task with the CPU time it is expected to use, what that expectation rests on (its
   * profile or its type's defaults, for the log) and, for a type that scales to the cores it is
   * given, the fewest it can start on (0: it needs its whole estimate).
   */
  record Candidate(
      QueuedTask task, double expectedCpuMs, String basis, double elasticMinimumCores) {
    Candidate(QueuedTask task, double expectedCpuMs, double elasticMinimumCores) {
      this(task, expectedCpuMs, "its type's defaults", elasticMinimumCores);
    }

    Candidate(QueuedTask task, double expectedCpuMs) {
      this(task, expectedCpuMs, 0);
    }
  }

  /** Claims a task and starts it on {@code grantedCores}; false if another instance was first. */
  @FunctionalInterface
  interface Launcher {
    boolean launch(UUID taskId, double grantedCores);
  }

  /** A rule's verdict on a candidate and the estimate it starts on if admitted. */
  private record Fit(AdmissionRule.Decision decision, ResourceEstimate granted) {}

  /** Where the lane stands: the machine's size, what is free, and what would be free if drained. */
  record Figures(
      int totalCores,
      double totalRamGb,
      ResourceLedger.Budget budget,
      ResourceLedger.Budget drained,
      int running) {}

  /**
   * @param waiting why each task left waiting waits, in the seed's wording where it has one
   * @param head the first task held for resources, if any
   */
  record Outcome(
      Map<UUID, String> waiting,
      List<UUID> admitted,
      Optional<QueuedTask> head,
      Optional<AdmissionRule.Decision> headDecision) {}

  private final AdmissionRule rule;
  private final BurstAllowance allowance;
  private final Duration starvation;
  private final Optional<Integer> localConcurrency;

  LocalLaneDecisions(
      AdmissionRule rule,
      BurstAllowance allowance,
      Duration starvation,
      Optional<Integer> localConcurrency) {
    this.rule = rule;
    this.allowance = allowance;
    this.starvation = starvation;
    this.localConcurrency = localConcurrency;
  }

  /** Decides for each candidate in order and launches those admitted with {@code launcher}. */
  Outcome decide(List<Candidate> candidates, Figures lane, Instant now, Launcher launcher) {
    double factor = rule.settings().consumptionFactor();
    ResourceLedger.Budget budget = lane.budget();
    int running = lane.running();
    Map<UUID, String> waiting = new LinkedHashMap<>();
    List<UUID> admitted = new ArrayList<>();
    QueuedTask head = null;
    Candidate headCandidate = null;
    AdmissionRule.Decision headDecision = null;
    Boolean tasklaneHoldsHead = null; // decided once the head starves
    for (Candidate candidate : candidates) {
      QueuedTask task = candidate.task();
      if (localConcurrency.isPresent() && running >= localConcurrency.get()) {
        waiting.put(task.id(), "All " + localConcurrency.get() + " local task slots are busy");
        continue;
      }
      boolean isShort = candidate.expectedCpuMs() < rule.settings().shortTaskCpuMs();
      double cpuSeconds = candidate.expectedCpuMs() / 1000;
      boolean guarded = head != null && starving(head, now);
      if (guarded && tasklaneHoldsHead == null) {
        tasklaneHoldsHead = fit(lane, lane.drained(), headCandidate).decision().admitted();
      }
      if (guarded && (tasklaneHoldsHead || !isShort)) {
        String reason =
            "Waiting behind a task that has waited "
                + Duration.between(head.queuedAt(), now).toSeconds()
                + (tasklaneHoldsHead
                    ? " s for resources: it starts first"
                    : " s for resources that load outside Tasklane holds: only short tasks pass it");
        hold(candidate, reason, waiting);
        continue;
      }
      AdmissionRule.Decision decision = null;
      boolean onAllowance = false;
      String allowanceSpent = "";
      if (isShort) {
        AdmissionRule.Decision memory =
            rule.evaluateShort(
                lane.totalCores(),
                lane.totalRamGb(),
                budget.cores(),
                budget.ramGb(),
                budget.heap(),
                task.estimate());
        if (memory.admitted() && allowance.tryTake(cpuSeconds)) {
          decision = memory;
          onAllowance = true;
        } else if (memory.admitted()) {
          allowanceSpent =
              "; short-task allowance spent: need "
                  + seconds(cpuSeconds)
                  + " CPU-s, available "
                  + seconds(allowance.available())
                  + " CPU-s";
        } else {
          decision = memory; // RAM or heap: no core would help it either
        }
      }
      if (decision == null && guarded) {
        // a short task passing a head held by outside load: on the allowance or not at all
        hold(
            candidate,
            "Waiting behind a task that has waited "
                + Duration.between(head.queuedAt(), now).toSeconds()
                + " s for resources that load outside Tasklane holds"
                + allowanceSpent,
            waiting);
        continue;
      }
      ResourceEstimate granted = task.estimate();
      if (decision == null) {
        Fit fit = fit(lane, budget, candidate);
        decision = fit.decision();
        granted = fit.granted();
      }
      if (!decision.admitted()) {
        hold(candidate, decision.reason() + allowanceSpent, waiting);
        if (head == null) {
          head = task;
          headCandidate = candidate;
          headDecision = decision;
        }
        continue;
      }
      if (launcher.launch(task.id(), granted.cpuCores())) {
        LOG.log(
            Level.FINE,
            "Task {0} admitted{1} (estimate {2} cores, {3}GB; expected {4} ms of CPU, by"
                + " {6}): {5}",
            new Object[] {
              task.id(),
              onAllowance ? " on the short-task allowance" : "",
              task.estimatedCpuCores(),
              task.estimatedRamGb(),
              millis(candidate.expectedCpuMs()),
              decision.reason(),
              candidate.basis()
            });
        budget = onAllowance ? budget.afterShort(granted, factor) : budget.after(granted, factor);
        admitted.add(task.id());
        running++;
      }
    }
    return new Outcome(
        waiting, admitted, Optional.ofNullable(head), Optional.ofNullable(headDecision));
  }

  /**
   * The rule on a candidate's whole estimate; for a type that scales to what it is given, when the
   * whole estimate does not fit, on the most cores the rule leaves (never fewer than its minimum),
   * so a training task starts beside outside load that would hold its whole estimate back for good.
   */
  private Fit fit(Figures lane, ResourceLedger.Budget budget, Candidate candidate) {
    ResourceEstimate whole = candidate.task().estimate();
    AdmissionRule.Decision decision = evaluate(lane, budget, whole);
    double minimum = candidate.elasticMinimumCores();
    if (decision.admitted() || minimum <= 0 || minimum >= whole.cpuCores()) {
      return new Fit(decision, whole);
    }
    double factor = rule.settings().consumptionFactor();
    // Two decimals, rounded down, so the grant itself leaves the buffer free.
    double most =
        Math.floor((budget.cores() - rule.minCores(lane.totalCores())) / factor * 100 + 1e-6) / 100;
    double cores = Math.min(whole.cpuCores(), Math.max(most, minimum));
    ResourceEstimate part = new ResourceEstimate(cores, whole.ramGb());
    AdmissionRule.Decision onPart = evaluate(lane, budget, part);
    if (!onPart.admitted()) {
      return new Fit(decision, whole); // the reason names what its whole estimate needs
    }
    return new Fit(
        new AdmissionRule.Decision(
            true,
            "Granted "
                + AdmissionRule.number(cores)
                + " of its "
                + AdmissionRule.number(whole.cpuCores())
                + " cores: "
                + onPart.reason(),
            onPart.coresAfter(),
            onPart.ramGbAfter(),
            onPart.heapGbAfter()),
        part);
  }

  private AdmissionRule.Decision evaluate(
      Figures lane, ResourceLedger.Budget budget, ResourceEstimate need) {
    return rule.evaluate(
        lane.totalCores(), lane.totalRamGb(), budget.cores(), budget.ramGb(), budget.heap(), need);
  }

  private static void hold(Candidate candidate, String reason, Map<UUID, String> waiting) {
    QueuedTask task = candidate.task();
    LOG.log(
        Level.FINE,
        "Task {0} held (estimate {1} cores, {2}GB; expected {3} ms of CPU by {5}): {4}",
        new Object[] {
          task.id(),
          task.estimatedCpuCores(),
          task.estimatedRamGb(),
          millis(candidate.expectedCpuMs()),
          reason,
          candidate.basis()
        });
    waiting.put(task.id(), reason);
  }

  private boolean starving(QueuedTask task, Instant now) {
    return task.queuedAt().plus(starvation).isBefore(now);
  }

  private static String millis(double value) {
    return Double.isInfinite(value) ? "unknown" : Long.toString(Math.round(value));
  }

  /** Three decimals at most: CPU-seconds of tiny tasks are milliseconds. */
  private static String seconds(double value) {
    return java.math.BigDecimal.valueOf(value)
        .setScale(3, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
