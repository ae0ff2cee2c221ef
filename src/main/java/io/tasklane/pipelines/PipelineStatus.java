package io.tasklane.pipelines;

import java.util.Locale;

/** Where a pipeline stands; every status but {@link #RUNNING} is final. */
public enum PipelineStatus {
  RUNNING,
  COMPLETED,
  STOPPED_AT_GATE,
  FAILED,
  CANCELLED;

  public boolean isFinal() {
    return this != RUNNING;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
