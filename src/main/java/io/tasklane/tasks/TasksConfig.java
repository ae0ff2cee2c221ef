package io.tasklane.tasks;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code tasklane.tasks.*} with fixed names. The per-type keys ({@code tasklane.tasks.<type>.*})
 * are built from the task types at run time, so {@link TaskHandlers} reads them itself.
 */
@Dependent
@ConfigProperties(prefix = "tasklane.tasks")
public class TasksConfig {
  /** Most tasks one batch submission may hold (more: 413). */
  @ConfigProperty(name = "max-batch", defaultValue = "1000")
  public int maxBatch;
}
