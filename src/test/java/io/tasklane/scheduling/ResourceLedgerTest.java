package io.tasklane.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tasklane.resources.ResourceEstimate;
import io.tasklane.resources.ResourceSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ResourceLedgerTest {
  static final Instant SAMPLE = Instant.parse("2026-01-15T10:30:10Z");
  static final Duration WINDOW = Duration.ofSeconds(2);
  static final double FACTOR = 0.8;
  static final ResourceEstimate BACKTEST = new ResourceEstimate(1.0, 0.5);

  /** 8 cores at 25 % busy: 6 cores and 12 GB free when sampled. */
  static ResourceSnapshot snapshot(Instant at) {
    return new ResourceSnapshot(8, 0.25, 16, 12, at);
  }

  @Test
  void a_task_started_after_the_window_opened_is_reserved_on_top_of_the_measurement() {
    ResourceLedger ledger = new ResourceLedger();
    ledger.started(UUID.randomUUID(), BACKTEST, SAMPLE.minusSeconds(1));

    ResourceLedger.Budget budget = ledger.available(snapshot(SAMPLE), WINDOW, FACTOR);

    assertEquals(6 - 0.8, budget.cores(), 1e-9);
    assertEquals(12 - 0.4, budget.ramGb(), 1e-9);
  }

  @Test
  void a_task_running_since_before_the_window_is_already_in_the_measurement() {
    ResourceLedger ledger = new ResourceLedger();
    ledger.started(UUID.randomUUID(), BACKTEST, SAMPLE.minusSeconds(5));

    ResourceLedger.Budget budget = ledger.available(snapshot(SAMPLE), WINDOW, FACTOR);

    assertEquals(6, budget.cores(), 1e-9);
    assertEquals(12, budget.ramGb(), 1e-9);
  }

  @Test
  void a_fully_measured_task_that_finished_after_the_sample_is_credited_back() {
    ResourceLedger ledger = new ResourceLedger();
    UUID id = UUID.randomUUID();
    ledger.started(id, BACKTEST, SAMPLE.minusSeconds(5));
    ledger.finished(id, SAMPLE.plusMillis(300));

    ResourceLedger.Budget budget = ledger.available(snapshot(SAMPLE), WINDOW, FACTOR);

    assertEquals(6 + 0.8, budget.cores(), 1e-9);
    assertEquals(12 + 0.4, budget.ramGb(), 1e-9);
  }

  @Test
  void a_task_never_in_the_measurement_and_already_finished_counts_for_nothing() {
    ResourceLedger ledger = new ResourceLedger();
    UUID id = UUID.randomUUID();
    ledger.started(id, BACKTEST, SAMPLE.plusMillis(100));
    ledger.finished(id, SAMPLE.plusMillis(200));

    ResourceLedger.Budget budget = ledger.available(snapshot(SAMPLE), WINDOW, FACTOR);

    assertEquals(6, budget.cores(), 1e-9);
  }

  @Test
  void a_task_that_finished_before_the_sample_is_forgotten() {
    ResourceLedger ledger = new ResourceLedger();
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
    ResourceLedger ledger = new ResourceLedger();
    for (int i = 0; i < 20; i++) {
      UUID id = UUID.randomUUID();
      ledger.started(id, BACKTEST, SAMPLE.minusSeconds(5));
      ledger.finished(id, SAMPLE.plusMillis(10));
    }

    ResourceLedger.Budget budget = ledger.available(snapshot(SAMPLE), WINDOW, FACTOR);

    assertEquals(8, budget.cores(), 1e-9);
    assertEquals(16, budget.ramGb(), 1e-9);
  }
}
