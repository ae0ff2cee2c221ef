package io.tasklane.scheduling;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

/** Starts the worker once the schema is migrated, and stops it before the application goes. */
@Startup
@Singleton
@DependsOn({"DatabaseMigration", "AdminBootstrap"})
public class SchedulerStartup {
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
