package io.tasklane.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tasklane.resources.AdmissionRule;
import io.tasklane.resources.AdmissionSettings;
import io.tasklane.resources.JvmHeap;
import io.tasklane.resources.ResourceEstimate;
import io.tasklane.resources.ResourceSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ResourceLedgerTest {
  static final Instant SAMPLE = Instant.parse("2026-01-15T10:30:10Z");
  static final Duration WINDOW = Duration.ofSeconds(2);
  static final double FACTOR = 0.8;
  static final ResourceEstimate BACKTEST = new ResourceEstimate(1.0, 0.5);

  /** A ledger that cannot read threads' CPU time: it falls back to the estimates alone. */
  static ResourceLedger estimatesOnly() {
    return new ResourceLedger(thread -> -1);
  }

  /** 8 cores at 25 % busy: 6 cores and 12 GB free when sampled. */
  static ResourceSnapshot snapshot(Instant at) {
    return new ResourceSnapshot(8, 0.25, 16, 12, at);
  }

  @Test
  void a_task_started_after_the_window_opened_is_reserved_on_top_of_the_measurement() {
    ResourceLedger ledger = estimatesOnly();
    ledger.started(UUID.randomUUID(), BACKTEST, SAMPLE.minusSeconds(1));

    ResourceLedger.Budget budget = ledger.available(snapshot(SAMPLE), WINDOW, FACTOR);

    assertEquals(6 - 0.8, budget.cores(), 1e-9);
    assertEquals(12 - 0.4, budget.ramGb(), 1e-9);
  }

  @Test
  void drained_gives_back_what_running_tasks_hold_and_nothing_for_ended_ones() {
    ResourceLedger ledger = estimatesOnly();
    ledger.started(UUID.randomUUID(), BACKTEST, SAMPLE.minusSeconds(5)); // in the measurement
    ledger.started(UUID.randomUUID(), BACKTEST, SAMPLE.minusSeconds(1)); // reserved on top
    UUID ended = UUID.randomUUID();
    ledger.started(ended, BACKTEST, SAMPLE.minusSeconds(30));
    ledger.finished(ended, SAMPLE.minusSeconds(20));

    ResourceLedger.Budget drained = ledger.drained(snapshot(SAMPLE), WINDOW, FACTOR);

    // 6 free, less 0.8 reserved for the recent one, plus 0.8 for each running one
    assertEquals(6 + 0.8, drained.cores(), 1e-9);
    assertEquals(12 + 0.4, drained.ramGb(), 1e-9);
  }

  @Test
  void a_task_running_since_before_the_window_is_already_in_the_measurement() {
    ResourceLedger ledger = estimatesOnly();
    ledger.started(UUID.randomUUID(), BACKTEST, SAMPLE.minusSeconds(5));

    ResourceLedger.Budget budget = ledger.available(snapshot(SAMPLE), WINDOW, FACTOR);

    assertEquals(6, budget.cores(), 1e-9);
    assertEquals(12, budget.ramGb(), 1e-9);
  }

  @Test
  void a_fully_measured_task_that_finished_after_the_sample_is_credited_back() {
    ResourceLedger ledger = estimatesOnly();
    UUID id = UUID.randomUUID();
    ledger.started(id, BACKTEST, SAMPLE.minusSeconds(5));
    ledger.finished(id, SAMPLE.plusMillis(300));

    ResourceLedger.Budget budget = ledger.available(snapshot(SAMPLE), WINDOW, FACTOR);

    assertEquals(6 + 0.8, budget.cores(), 1e-9);
    assertEquals(12 + 0.4, budget.ramGb(), 1e-9);
  }

  @Test
  void a_task_never_in_the_measurement_and_already_finished_counts_for_nothing() {
    ResourceLedger ledger = estimatesOnly();
    UUID id = UUID.randomUUID();
    ledger.started(id, BACKTEST, SAMPLE.plusMillis(100));
    ledger.finished(id, SAMPLE.plusMillis(200));

    ResourceLedger.Budget budget = ledger.available(snapshot(SAMPLE), WINDOW, FACTOR);

    assertEquals(6, budget.cores(), 1e-9);
  }

  @Test
  void a_task_that_finished_before_the_sample_is_forgotten() {
    ResourceLedger ledger = estimatesOnly();
    UUID id = UUID.randomUUID();
    ledger.started(id, BACKTEST, SAMPLE.minusSeconds(5));
    ledger.finished(id, SAMPLE.minusSeconds(1));

    assertEquals(6, ledger.available(snapshot(SAMPLE), WINDOW, FACTOR).cores(), 1e-9);
    // Gone for good: a later sample does not credit it either.
    assertEquals(
        6, ledger.available(snapshot(SAMPLE.plusSeconds(1)), WINDOW, FACTOR).cores(), 1e-9);
  }

  @Test
  void credits_never_make_more_available_than_the_machine_has() {
    ResourceLedger ledger = estimatesOnly();
    for (int i = 0; i < 20; i++) {
      UUID id = UUID.randomUUID();
      ledger.started(id, BACKTEST, SAMPLE.minusSeconds(5));
      ledger.finished(id, SAMPLE.plusMillis(10));
    }

    ResourceLedger.Budget budget = ledger.available(snapshot(SAMPLE), WINDOW, FACTOR);

    assertEquals(8, budget.cores(), 1e-9);
    assertEquals(16, budget.ramGb(), 1e-9);
  }

  // With each task's own CPU time (read per thread at every sample):

  /** Thread CPU clocks the tests move by hand, in nanoseconds. */
  static final Map<Long, Long> CPU = new HashMap<>();

  static ResourceLedger measuringTasks() {
    CPU.clear();
    return new ResourceLedger(thread -> CPU.getOrDefault(thread, 0L));
  }

  static void burn(long thread, Duration cpu) {
    CPU.merge(thread, cpu.toNanos(), Long::sum);
  }

  /** A task started at {@code at} on thread 7, which has used {@code cpu} since. */
  static UUID onThread7(
      ResourceLedger ledger, ResourceEstimate estimate, Instant at, Duration cpu) {
    UUID id = UUID.randomUUID();
    ledger.started(id, estimate, at);
    ledger.executing(id, 7);
    burn(7, cpu);
    return id;
  }

  @Test
  void a_finished_task_is_credited_the_cpu_it_was_measured_using_not_its_estimate() {
    ResourceLedger ledger = measuringTasks();
    ledger.record(snapshot(SAMPLE.minusSeconds(1)));
    UUID id =
        onThread7(
            ledger,
            new ResourceEstimate(0.1, 0.5),
            SAMPLE.minusSeconds(1),
            Duration.ofMillis(900)); // a whole core for 0.9 of the 1 s window, estimate said 0.1
    ledger.record(snapshot(SAMPLE));
    ledger.finished(id, SAMPLE.plusMillis(5), 7);

    ResourceLedger.Budget budget = ledger.available(snapshot(SAMPLE), WINDOW, FACTOR);

    assertEquals(6 + 0.9, budget.cores(), 1e-9);
  }

  @Test
  void a_task_that_ended_inside_the_window_is_credited_what_it_used_there() {
    ResourceLedger ledger = measuringTasks();
    ledger.record(snapshot(SAMPLE.minusMillis(500)));
    UUID id = onThread7(ledger, BACKTEST, SAMPLE.minusMillis(400), Duration.ofMillis(100));
    ledger.finished(id, SAMPLE.minusMillis(300), 7);
    ledger.record(snapshot(SAMPLE));

    ResourceLedger.Budget budget = ledger.available(snapshot(SAMPLE), WINDOW, FACTOR);

    assertEquals(6 + 0.2, budget.cores(), 1e-9); // 100 ms of CPU in a 500 ms window
    assertEquals(
        12, budget.ramGb(), 1e-9); // the RAM figure, taken at the sample, already shows it gone
  }

  @Test
  void a_recent_task_is_reserved_only_what_the_measurement_does_not_show_yet() {
    ResourceLedger ledger = measuringTasks();
    ledger.record(snapshot(SAMPLE.minusSeconds(1)));
    UUID id = onThread7(ledger, BACKTEST, SAMPLE.minusMillis(900), Duration.ofMillis(300));
    ledger.record(snapshot(SAMPLE));

    ResourceLedger.Budget budget = ledger.available(snapshot(SAMPLE), WINDOW, FACTOR);

    assertEquals(6 - (0.8 - 0.3), budget.cores(), 1e-9);
    assertEquals(12 - 0.4, budget.ramGb(), 1e-9);
  }

  @Test
  void a_task_claimed_but_not_yet_on_a_thread_is_reserved_its_whole_prediction() {
    ResourceLedger ledger = measuringTasks();
    ledger.record(snapshot(SAMPLE.minusSeconds(1)));
    ledger.started(UUID.randomUUID(), BACKTEST, SAMPLE.minusMillis(10));
    ledger.record(snapshot(SAMPLE));

    assertEquals(6 - 0.8, ledger.available(snapshot(SAMPLE), WINDOW, FACTOR).cores(), 1e-9);
  }

  @Test
  void a_credit_is_given_once_then_the_next_measurement_shows_the_task_gone() {
    ResourceLedger ledger = measuringTasks();
    ledger.record(snapshot(SAMPLE.minusSeconds(1)));
    UUID id = onThread7(ledger, BACKTEST, SAMPLE.minusSeconds(1), Duration.ofMillis(1000));
    ledger.record(snapshot(SAMPLE));
    ledger.finished(id, SAMPLE.plusMillis(5), 7);
    assertEquals(7, ledger.available(snapshot(SAMPLE), WINDOW, FACTOR).cores(), 1e-9);

    ResourceSnapshot next = snapshot(SAMPLE.plusSeconds(1));
    ledger.record(next);
    assertEquals(6, ledger.available(next, WINDOW, FACTOR).cores(), 1e-9);
    ResourceSnapshot later = snapshot(SAMPLE.plusSeconds(2));
    ledger.record(later);
    assertEquals(6, ledger.available(later, WINDOW, FACTOR).cores(), 1e-9);
    assertEquals(0, ledger.running());
  }

  @Test
  void a_task_handed_back_from_another_thread_keeps_what_the_last_sample_saw() {
    ResourceLedger ledger = measuringTasks();
    ledger.record(snapshot(SAMPLE.minusSeconds(1)));
    UUID id = onThread7(ledger, BACKTEST, SAMPLE.minusSeconds(1), Duration.ofMillis(500));
    ledger.record(snapshot(SAMPLE));
    burn(7, Duration.ofMillis(400)); // thread 7 may already run another task: not this one's
    ledger.finished(id, SAMPLE.plusMillis(5), 99);

    assertEquals(6 + 0.5, ledger.available(snapshot(SAMPLE), WINDOW, FACTOR).cores(), 1e-9);
  }

  /** 8 cores at 25 % busy over a CPU window that opened at {@code opened}. */
  static ResourceSnapshot slidingSnapshot(Instant at, Instant opened) {
    return new ResourceSnapshot(8, 0.25, 16, 12, at, opened);
  }

  @Test
  void a_window_spanning_several_samples_measures_each_tasks_share_over_all_of_it() {
    ResourceLedger ledger = measuringTasks();
    UUID id = onThread7(ledger, BACKTEST, SAMPLE.minusSeconds(3), Duration.ofMillis(1000));
    ledger.record(snapshot(SAMPLE.minusSeconds(1)));
    burn(7, Duration.ofMillis(300));
    ledger.record(slidingSnapshot(SAMPLE.minusMillis(500), SAMPLE.minusSeconds(1)));
    burn(7, Duration.ofMillis(200));
    ledger.finished(id, SAMPLE.minusMillis(100), 7);

    ledger.record(slidingSnapshot(SAMPLE, SAMPLE.minusSeconds(1)));

    // 300 + 200 ms of CPU since the sample that opened the 1 s window: half a core, credited.
    assertEquals(6 + 0.5, ledger.available(snapshot(SAMPLE), WINDOW, FACTOR).cores(), 1e-9);
  }

  @Test
  void a_task_that_ended_between_samples_stays_credited_while_the_window_still_covers_it() {
    ResourceLedger ledger = measuringTasks();
    ledger.record(snapshot(SAMPLE.minusSeconds(1)));
    UUID id = onThread7(ledger, BACKTEST, SAMPLE.minusMillis(900), Duration.ofMillis(400));
    ledger.finished(id, SAMPLE.minusMillis(500), 7);
    ledger.record(slidingSnapshot(SAMPLE.minusMillis(250), SAMPLE.minusSeconds(1)));
    ledger.record(slidingSnapshot(SAMPLE, SAMPLE.minusSeconds(1)));

    assertEquals(6 + 0.4, ledger.available(snapshot(SAMPLE), WINDOW, FACTOR).cores(), 1e-9);

    // Once the window opens after its end, the figure no longer holds it and neither does the
    // ledger.
    ledger.record(slidingSnapshot(SAMPLE.plusSeconds(1), SAMPLE));
    assertEquals(0, ledger.running());
    assertEquals(
        6, ledger.available(snapshot(SAMPLE.plusSeconds(1)), WINDOW, FACTOR).cores(), 1e-9);
  }

  @Test
  void a_task_running_before_a_window_no_sample_saw_it_in_falls_back_to_its_estimate() {
    ResourceLedger ledger = measuringTasks();
    UUID id = onThread7(ledger, BACKTEST, SAMPLE.minusSeconds(3), Duration.ofSeconds(2));
    ledger.record(slidingSnapshot(SAMPLE, SAMPLE.minusSeconds(1)));
    ledger.finished(id, SAMPLE.plusMillis(5), 7);

    // Its 2 s of CPU cannot all be in a 1 s window: the share is unknown, the estimate stands in.
    assertEquals(6 + 0.8, ledger.available(snapshot(SAMPLE), WINDOW, FACTOR).cores(), 1e-9);
  }

  /** The same machine, with a 6 GB max heap of which 1.3 GB survived the last collection. */
  static ResourceSnapshot withHeap(Instant at) {
    return new ResourceSnapshot(8, 0.25, 16, 12, at, null, new JvmHeap(6, 2.5, 1.3));
  }

  @Test
  void running_tasks_heap_stays_reserved_until_they_finish_and_is_credited_then() {
    ResourceLedger ledger = estimatesOnly();
    UUID first = UUID.randomUUID();
    ledger.started(first, BACKTEST, SAMPLE.minusSeconds(60)); // long in every measurement
    ledger.started(UUID.randomUUID(), BACKTEST, SAMPLE.minusSeconds(1));

    AdmissionRule.Heap heap = ledger.available(withHeap(SAMPLE), WINDOW, FACTOR).heap();
    assertEquals(6, heap.maxGb(), 1e-9);
    assertEquals(6 - 1.3 - 2 * 0.5, heap.availableGb(), 1e-9);
    assertEquals(1.0, ledger.heapReservedGb(), 1e-9);

    ledger.finished(first, SAMPLE.plusMillis(10));

    assertEquals(
        6 - 1.3 - 0.5,
        ledger.available(withHeap(SAMPLE), WINDOW, FACTOR).heap().availableGb(),
        1e-9);
  }

  @Test
  void an_admission_takes_its_whole_heap_need_from_the_budget() {
    ResourceLedger.Budget budget = estimatesOnly().available(withHeap(SAMPLE), WINDOW, FACTOR);

    ResourceLedger.Budget after = budget.after(new ResourceEstimate(1.0, 1.2), FACTOR);

    assertEquals(budget.cores() - 0.8, after.cores(), 1e-9);
    assertEquals(budget.ramGb() - 0.96, after.ramGb(), 1e-9);
    assertEquals(budget.heap().availableGb() - 1.2, after.heap().availableGb(), 1e-9);
  }

  @Test
  void a_burst_of_heavy_tasks_is_held_to_what_the_heap_can_hold() {
    // The reported case: eight backtests of 1.2 GB on a 6 GB heap holding 1.3 GB. Host RAM
    // (12 GB free) would take them all; the heap (6 - 1.3 - 0.6 kept free = 4.1 GB) takes three.
    AdmissionRule rule = new AdmissionRule(new AdmissionSettings(false, 5, 0.1));
    ResourceEstimate heavy = new ResourceEstimate(0.1, 1.2);
    ResourceLedger ledger = estimatesOnly();
    ResourceSnapshot snapshot = withHeap(SAMPLE);
    ResourceLedger.Budget budget = ledger.available(snapshot, WINDOW, FACTOR);
    int admitted = 0;
    String lastReason = null;
    for (int i = 0; i < 8; i++) {
      AdmissionRule.Decision decision =
          rule.evaluate(8, 16, budget.cores(), budget.ramGb(), budget.heap(), heavy);
      lastReason = decision.reason();
      if (decision.admitted()) {
        ledger.started(UUID.randomUUID(), heavy, SAMPLE);
        budget = budget.after(heavy, FACTOR);
        admitted++;
      }
    }
    assertEquals(3, admitted);
    assertEquals(
        "Insufficient heap: need 1.2GB, available 1.1GB, would leave -0.1GB (min: 0.6GB)",
        lastReason);
    // The next pass, from the ledger alone, sees the same: three tasks' heap is reserved.
    assertEquals(
        6 - 1.3 - 3 * 1.2, ledger.available(snapshot, WINDOW, FACTOR).heap().availableGb(), 1e-9);
  }

  @Test
  void a_snapshot_without_heap_figures_leaves_the_heap_unchecked() {
    assertEquals(null, estimatesOnly().available(snapshot(SAMPLE), WINDOW, FACTOR).heap());
  }
}
