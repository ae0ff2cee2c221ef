package io.tasklane.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tasklane.tasks.Lane;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HeldProgressTest {
  /** Records what would be written (and announced) in a transaction of its own. */
  static final class WrittenReports extends ProgressReports {
    final List<ProgressReport> written = new ArrayList<>();

    @Override
    public boolean report(ClaimedTask task, String owner, ProgressReport report) {
      written.add(report);
      return true;
    }
  }

  private final WrittenReports reports = new WrittenReports();
  private final HeldProgress progress =
      new HeldProgress(
          new ClaimedTask(
              UUID.randomUUID(),
              "backtest",
              Lane.LOCAL,
              "alice",
              JsonValue.EMPTY_JSON_OBJECT,
              1,
              60,
              Instant.EPOCH,
              1,
              1),
          "here",
          reports);

  @Test
  void the_first_report_is_held_for_the_completion_and_never_written_on_its_own() {
    progress.report("Loading market data...", 0);

    assertEquals(List.of(), reports.written);
    assertEquals(ProgressReport.of("Loading market data...", 0), progress.take());
    assertNull(progress.take(), "taken once");
    progress.writeHeld();
    assertEquals(List.of(), reports.written);
  }

  @Test
  void a_later_report_is_written_at_once_and_replaces_the_held_one() {
    progress.report("Loading market data...", 0);
    progress.report("Backtesting day 40 of 365...", 250);

    assertEquals(List.of(ProgressReport.of("Backtesting day 40 of 365...", 100)), reports.written);
    assertNull(progress.take(), "the older report is never announced after the newer");
  }

  @Test
  void a_held_report_is_written_once_it_has_waited_the_interval() {
    progress.report("Compiling...", null);

    progress.writeIfHeldFor(Long.MAX_VALUE);
    assertEquals(List.of(), reports.written, "not yet");
    progress.writeIfHeldFor(0);
    assertEquals(List.of(ProgressReport.of("Compiling...", null)), reports.written);
    progress.writeIfHeldFor(0);
    assertEquals(1, reports.written.size(), "written once");
    assertNull(progress.take());
  }

  @Test
  void an_outcome_other_than_completion_writes_the_held_report_first() {
    progress.report("Training...", 5);
    progress.writeHeld();

    assertEquals(List.of(ProgressReport.of("Training...", 5)), reports.written);
    assertNull(progress.take());
  }
}
