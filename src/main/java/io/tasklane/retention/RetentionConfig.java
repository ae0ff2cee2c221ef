package io.tasklane.retention;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code tasklane.retention.*}: how long finished work is kept, and how it is removed. */
@Dependent
@ConfigProperties(prefix = "tasklane.retention")
public class RetentionConfig {
  /** Finished tasks (with their events and predictions) older than this many days are deleted. */
  @ConfigProperty(name = "finished-days", defaultValue = "30")
  public int finishedDays;

  /** Rows deleted per transaction: small enough that no lock is held for long. */
  @ConfigProperty(name = "batch-size", defaultValue = "1000")
  public int batchSize;

  /** Pause between clean-ups (the first runs at start). */
  @ConfigProperty(name = "interval-minutes", defaultValue = "60")
  public long intervalMinutes;
}
