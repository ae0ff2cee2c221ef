package io.tasklane.events;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/** Starts the live-event machinery once the schema is migrated, and stops it first at shutdown. */
@Startup
@Singleton
@DependsOn("DatabaseMigration")
public class EventsStartup {
  private static final Logger LOG = Logger.getLogger(EventsStartup.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject OutboxRelay relay;
  @Inject PostgresWakeups wakeups;
  @Inject TaskEventHub hub;

  @Inject @ConfigProperties EventsConfig config;

  private ScheduledFuture<?> heartbeat;

  /** Halfway between heartbeats: see {@link TaskEventHub#probe()}. */
  private ScheduledFuture<?> probe;

  @PostConstruct
  void start() {
    relay.start();
    wakeups.start();
    heartbeat =
        scheduler.scheduleAtFixedRate(
            () -> {
              try {
                hub.heartbeat();
              } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Heartbeat failed; the next one runs as scheduled", e);
              }
            },
            config.heartbeatSeconds,
            config.heartbeatSeconds,
            TimeUnit.SECONDS);
    long periodMs = TimeUnit.SECONDS.toMillis(config.heartbeatSeconds);
    probe =
        scheduler.scheduleAtFixedRate(
            () -> {
              try {
                hub.probe();
              } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Stream probe failed; the next one runs as scheduled", e);
              }
            },
            periodMs + periodMs / 2,
            periodMs,
            TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    if (probe != null) {
      probe.cancel(false);
    }
    wakeups.stop();
    relay.stop();
    hub.stop();
  }
}
