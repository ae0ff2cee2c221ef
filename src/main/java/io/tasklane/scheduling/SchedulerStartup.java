package io.tasklane.scheduling;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.inject.Inject;

/**
 * Starts the worker once the schema is migrated, and stops it before the application goes.
 *
 * <p>Tasks run on an executor of their own: the server's default one has no core threads and an
 * unbounded queue, so it would run one task at a time while the others sat in its queue marked
 * running. The scheduler's admission rule bounds how many run at once, not this pool.
 */
@ManagedExecutorDefinition(
    name = SchedulerStartup.TASK_EXECUTOR,
    maxAsync = 256,
    hungTaskThreshold = -1)
@Startup
@Singleton
@DependsOn({"DatabaseMigration", "AdminBootstrap"})
public class SchedulerStartup {
  public static final String TASK_EXECUTOR = "java:app/concurrent/tasklane-tasks";

  @Inject Worker worker;

  @PostConstruct
  void start() {
    worker.start();
  }

  @PreDestroy
  void stop() {
    worker.stop();
  }
}
