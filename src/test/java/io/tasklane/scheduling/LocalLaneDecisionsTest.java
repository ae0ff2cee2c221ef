package io.tasklane.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.resources.AdmissionRule;
import io.tasklane.resources.AdmissionSettings;
import io.tasklane.resources.BurstAllowance;
import io.tasklane.tasks.QueuedTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LocalLaneDecisionsTest {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  static final AdmissionRule RULE = new AdmissionRule(new AdmissionSettings(false, 20, 0.8));

  /** A 2-core machine with about 1.96 cores busy: little CPU, plenty of RAM and heap. */
  static final ResourceLedger.Budget BUSY =
      new ResourceLedger.Budget(0.04, 20, new AdmissionRule.Heap(6, 4));

  final List<UUID> launched = new ArrayList<>();
  final Map<UUID, Double> granted = new HashMap<>();

  LocalLaneDecisions decisions(BurstAllowance allowance) {
    return new LocalLaneDecisions(RULE, allowance, Duration.ofSeconds(60), Optional.empty());
  }

  static BurstAllowance allowance() {
    return BurstAllowance.fromBuffer(0.4, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static LocalLaneDecisions.Candidate task(
      int secondsQueued, double cores, double ramGb, double expectedCpuMs) {
    return new LocalLaneDecisions.Candidate(
        new QueuedTask(UUID.randomUUID(), 0, NOW.minusSeconds(secondsQueued), cores, ramGb),
        expectedCpuMs);
  }

  static LocalLaneDecisions.Figures machine(
      ResourceLedger.Budget budget, ResourceLedger.Budget drained) {
    return new LocalLaneDecisions.Figures(2, 24, budget, drained, 0);
  }

  LocalLaneDecisions.Outcome decide(
      LocalLaneDecisions decisions,
      LocalLaneDecisions.Figures figures,
      LocalLaneDecisions.Candidate... candidates) {
    return decisions.decide(
        List.of(candidates),
        figures,
        NOW,
        (id, cores) -> {
          launched.add(id);
          granted.put(id, cores);
          return true;
        });
  }

  static UUID id(LocalLaneDecisions.Candidate candidate) {
    return candidate.task().id();
  }

  @Test
  void a_busy_machine_still_admits_tiny_backtests_on_the_allowance_but_not_a_whole_core() {
    var tiny1 = task(5, 1.0, 0.05, 10);
    var tiny2 = task(4, 1.0, 0.05, 10);
    var heavy = task(3, 1.0, 0.05, 1_060);

    var outcome = decide(decisions(allowance()), machine(BUSY, BUSY), tiny1, tiny2, heavy);

    assertEquals(List.of(id(tiny1), id(tiny2)), outcome.admitted());
    assertTrue(
        outcome
            .waiting()
            .get(id(heavy))
            .startsWith("Insufficient CPU: need 1.0 cores, available 0.04 cores"));
  }

  @Test
  void short_tasks_past_the_allowance_wait_for_cores_and_say_the_allowance_is_spent() {
    List<LocalLaneDecisions.Candidate> tiny = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      tiny.add(task(50 - i, 1.0, 0.05, 10)); // 0.01 CPU-s each, 0.4 in the allowance
    }

    var outcome =
        decide(
            decisions(allowance()),
            machine(BUSY, BUSY),
            tiny.toArray(LocalLaneDecisions.Candidate[]::new));

    assertEquals(40, outcome.admitted().size());
    String reason = outcome.waiting().get(id(tiny.get(49)));
    assertTrue(reason.startsWith("Insufficient CPU: need 1.0 cores"), reason);
    assertTrue(reason.contains("short-task allowance spent: need 0.01 CPU-s"), reason);
  }

  @Test
  void a_head_held_by_outside_load_lets_tiny_tasks_pass_and_holds_big_ones() {
    // model_training has waited past starvation-seconds; nothing of Tasklane runs, so the drained
    // machine is the busy one: waiting for Tasklane to drain would not help it.
    var head = task(120, 1.25, 1.5, 60_000);
    var tiny = task(30, 1.0, 0.05, 10);
    var big = task(20, 0.5, 0.3, 1_000);
    var tinyToo = task(10, 1.0, 0.05, 10);

    var outcome = decide(decisions(allowance()), machine(BUSY, BUSY), head, tiny, big, tinyToo);

    assertEquals(List.of(id(tiny), id(tinyToo)), outcome.admitted());
    assertTrue(
        outcome
            .waiting()
            .get(id(head))
            .startsWith("Insufficient CPU: need 1.25 cores, available 0.04 cores"));
    assertEquals(
        "Waiting behind a task that has waited 120 s for resources that load outside Tasklane"
            + " holds: only short tasks pass it",
        outcome.waiting().get(id(big)));
  }

  @Test
  void a_head_held_by_tasklanes_own_tasks_holds_everything_behind_it_until_it_starts() {
    var head = task(120, 1.25, 1.5, 60_000);
    var tiny = task(30, 1.0, 0.05, 10);
    var drained = new ResourceLedger.Budget(1.8, 22, new AdmissionRule.Heap(6, 5));

    var outcome = decide(decisions(allowance()), machine(BUSY, drained), head, tiny);

    assertEquals(List.of(), outcome.admitted());
    assertEquals(
        "Waiting behind a task that has waited 120 s for resources: it starts first",
        outcome.waiting().get(id(tiny)));
  }

  @Test
  void before_the_head_starves_tasks_that_fit_overtake_it() {
    var head = task(30, 1.25, 1.5, 60_000);
    var small = task(20, 0.25, 0.3, 1_000);
    var room = new ResourceLedger.Budget(1.0, 20, new AdmissionRule.Heap(6, 4));

    var outcome = decide(decisions(allowance()), machine(room, room), head, small);

    assertEquals(List.of(id(small)), outcome.admitted());
  }

  @Test
  void a_short_task_still_needs_its_heap() {
    var tiny = task(5, 1.0, 3.0, 10);
    var lowHeap = new ResourceLedger.Budget(0.04, 20, new AdmissionRule.Heap(6, 1));

    var outcome = decide(decisions(allowance()), machine(lowHeap, lowHeap), tiny);

    assertEquals(List.of(), outcome.admitted());
    assertTrue(outcome.waiting().get(id(tiny)).startsWith("Insufficient heap: need 3.0GB"));
  }

  static LocalLaneDecisions.Candidate elastic(
      int secondsQueued, double cores, double ramGb, double minimumCores) {
    return new LocalLaneDecisions.Candidate(
        new QueuedTask(UUID.randomUUID(), 0, NOW.minusSeconds(secondsQueued), cores, ramGb),
        60_000,
        minimumCores);
  }

  /** A 2-core machine beside a one-core hog: 0.95 cores free, 0.4 of them the buffer. */
  static final ResourceLedger.Budget HALF_BUSY =
      new ResourceLedger.Budget(0.95, 20, new AdmissionRule.Heap(6, 4));

  @Test
  void a_training_task_beside_a_one_core_hog_starts_on_the_cores_the_rule_leaves() {
    var training = elastic(3, 1.25, 1.5, 0.25);

    var outcome = decide(decisions(allowance()), machine(HALF_BUSY, HALF_BUSY), training);

    assertEquals(List.of(id(training)), outcome.admitted());
    // (0.95 free - 0.4 buffer) / 0.8 counted = 0.6875, rounded down to 0.68 cores
    assertEquals(0.68, granted.get(id(training)), 1e-9);
    double left = 0.95 - 0.68 * 0.8;
    assertTrue(left >= 0.4 - 1e-9, "the grant leaves the buffer free: " + left);
  }

  @Test
  void a_task_that_needs_its_whole_estimate_waits_where_a_training_task_starts_on_part() {
    var whole = task(3, 1.25, 1.5, 60_000);

    var outcome = decide(decisions(allowance()), machine(HALF_BUSY, HALF_BUSY), whole);

    assertEquals(List.of(), outcome.admitted());
    assertTrue(
        outcome.waiting().get(id(whole)).startsWith("Insufficient CPU: need 1.25 cores"),
        outcome.waiting()::toString);
  }

  @Test
  void an_elastic_task_on_an_idle_machine_gets_its_whole_estimate() {
    var training = elastic(3, 1.25, 1.5, 0.25);
    var idle = new ResourceLedger.Budget(2.0, 20, new AdmissionRule.Heap(6, 4));

    decide(decisions(allowance()), machine(idle, idle), training);

    assertEquals(1.25, granted.get(id(training)), 1e-9);
  }

  @Test
  void an_elastic_task_waits_when_less_than_its_minimum_is_left_and_names_its_whole_need() {
    var training = elastic(3, 1.25, 1.5, 0.25);
    var tight = new ResourceLedger.Budget(0.55, 20, new AdmissionRule.Heap(6, 4)); // 0.18 left

    var outcome = decide(decisions(allowance()), machine(tight, tight), training);

    assertEquals(List.of(), outcome.admitted());
    assertTrue(
        outcome.waiting().get(id(training)).startsWith("Insufficient CPU: need 1.25 cores"),
        outcome.waiting()::toString);
  }

  @Test
  void a_second_training_task_gets_only_what_the_first_grant_left() {
    var first = elastic(4, 1.25, 0.5, 0.25);
    var second = elastic(3, 1.25, 0.5, 0.25);

    var outcome = decide(decisions(allowance()), machine(HALF_BUSY, HALF_BUSY), first, second);

    assertEquals(List.of(id(first)), outcome.admitted());
    assertTrue(outcome.waiting().containsKey(id(second)));
  }
}
