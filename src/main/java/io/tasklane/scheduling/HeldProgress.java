package io.tasklane.scheduling;

/**
 * Where one running task's progress goes. Its first report is held instead of written: a task that
 * ends within the report interval, as most small ones do, has it announced with its outcome, in the
 * outcome's transaction ({@link #take}), instead of in a transaction of its own, which was a third
 * of such a task's CPU (issue 25). A held report is written once it has waited {@link
 * io.tasklane.tasks.TaskContext#REPORT_INTERVAL} (the held-progress sweep), before any other
 * outcome, or is dropped when a later report replaces it; the later ones are written at once, as
 * {@code TaskContext} throttles them. So what a client sees is unchanged, except that a first
 * report can come up to an interval later.
 */
final class HeldProgress {
  private final ClaimedTask task;
  private final String owner;
  private final ProgressReports reports;

  private boolean reportedOnce;
  private ProgressReport held;
  private long heldSinceNanos;

  HeldProgress(ClaimedTask task, String owner, ProgressReports reports) {
    this.task = task;
    this.owner = owner;
    this.reports = reports;
  }

  /** The task's listener ({@code TaskContext.ProgressListener}). */
  synchronized void report(String description, Integer progress) {
    ProgressReport report = ProgressReport.of(description, progress);
    if (!reportedOnce) {
      reportedOnce = true;
      held = report;
      heldSinceNanos = System.nanoTime();
      return;
    }
    held = null; // replaced: announcing it now would only go back in time
    reports.report(task, owner, report);
  }

  /** Writes the held report if it has waited {@code nanos}. */
  synchronized void writeIfHeldFor(long nanos) {
    if (held != null && System.nanoTime() - heldSinceNanos >= nanos) {
      writeHeld();
    }
  }

  /** Writes the held report now, if any (before an outcome that does not take it). */
  synchronized void writeHeld() {
    ProgressReport report = take();
    if (report != null) {
      reports.report(task, owner, report);
    }
  }

  /** The held report, for the completion to announce; null if none is held. */
  synchronized ProgressReport take() {
    ProgressReport report = held;
    held = null;
    return report;
  }
}
