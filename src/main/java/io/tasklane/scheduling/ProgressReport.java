package io.tasklane.scheduling;

import io.tasklane.tasks.TaskText;

/** A progress report as stored and announced: its text fitted to the column, 0–100 or null. */
record ProgressReport(String description, Integer percent) {
  static ProgressReport of(String description, Integer progress) {
    return new ProgressReport(
        TaskText.fit(description, TaskText.DESCRIPTION),
        progress == null ? null : Math.max(0, Math.min(100, progress)));
  }
}
