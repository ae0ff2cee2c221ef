package io.tasklane.metrics;

import io.tasklane.events.EventOutbox;
import io.tasklane.events.TaskEventHub;
import io.tasklane.quantconnect.NodeGate;
import io.tasklane.quantconnect.NodeHandOff;
import io.tasklane.quantconnect.QuantConnectSettings;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.Task;
import io.tasklane.tasks.TaskEvent;
import io.tasklane.tasks.TaskStatus;
import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Registers the product's metrics in the application registry. Gauges are read when Prometheus
 * scrapes (the queue counts and node slots from the database, so every instance reports the
 * cluster's queue); timers and counters follow the task events this instance publishes, so sum them
 * over the instances.
 */
@ApplicationScoped
public class ProductMetrics {
  private static final Logger LOG = Logger.getLogger(ProductMetrics.class.getName());

  @Inject MetricRegistry registry;
  @Inject TaskStore tasks;
  @Inject NodeGate nodes;
  @Inject TaskEventHub hub;
  @Inject EventOutbox outbox;
  @Inject @ConfigProperties QuantConnectSettings quantConnect;

  void register(@Observes @Initialized(ApplicationScoped.class) Object start) {
    for (Lane lane : Lane.values()) {
      registry.gauge(
          Metadata.builder()
              .withName("tasklane_queue_depth")
              .withDescription("Queued tasks of a lane, all instances")
              .build(),
          tasks,
          t -> t.countQueued(lane),
          new Tag("lane", wire(lane.name())));
    }
    registry.gauge(
        Metadata.builder()
            .withName("tasklane_quantconnect_nodes_in_use")
            .withDescription("QuantConnect backtest nodes held by Tasklane's tasks")
            .build(),
        nodes,
        n -> n.held().size());
    registry.gauge(
        Metadata.builder()
            .withName("tasklane_quantconnect_nodes")
            .withDescription("QuantConnect backtest nodes of the account (configured)")
            .build(),
        quantConnect,
        QuantConnectSettings::nodes);
    registry.gauge(
        Metadata.builder()
            .withName("tasklane_event_streams_open")
            .withDescription("Live event streams (SSE) this instance holds open")
            .build(),
        hub,
        TaskEventHub::openConnections);
    registry.gauge(
        Metadata.builder()
            .withName("tasklane_outbox_lag_events")
            .withDescription("Outbox events written but not yet handed to this instance's streams")
            .build(),
        this,
        m -> Math.max(0, m.outbox.latestId() - m.hub.position()));
  }

  /**
   * Synchronous, in the claim's transaction, where the task is already loaded: its arrival costs no
   * query. A metric never fails the claim.
   */
  void started(@Observes TaskEvent.Started started) {
    quietly(
        () ->
            task(started)
                .ifPresent(
                    t ->
                        registry
                            .timer(
                                timer(
                                    "tasklane_admission_wait",
                                    "From submission (or the last re-queue) to start"),
                                new Tag("lane", wire(started.lane().name())))
                            .update(between(t.queuedAt(), started.timestamp()))));
  }

  void ended(@Observes TaskEvent.Ended ended) {
    quietly(
        () -> {
          task(ended)
              .filter(t -> t.startedAt() != null)
              .ifPresent(
                  t ->
                      registry
                          .timer(
                              timer("tasklane_task_duration", "From start to end, per task type"),
                              new Tag("task_type", ended.taskType()),
                              new Tag("status", wire(ended.status().name())))
                          .update(between(t.startedAt(), ended.timestamp())));
          if (ended.status() != TaskStatus.COMPLETED) {
            registry
                .counter(
                    Metadata.builder()
                        .withName("tasklane_task_failures")
                        .withDescription("Tasks that ended without completing, by kind")
                        .build(),
                    new Tag("kind", wire(ended.status().name())),
                    new Tag("task_type", ended.taskType()))
                .inc();
          }
        });
  }

  void handOff(@Observes NodeHandOff handOff) {
    quietly(
        () ->
            registry
                .timer(
                    timer(
                        "tasklane_quantconnect_hand_off_gap",
                        "How long a node freed by one of Tasklane's backtests stood idle until"
                            + " the next task took it"))
                .update(handOff.idle()));
  }

  private Optional<Task> task(TaskEvent event) {
    return tasks.find(event.taskId());
  }

  private static Metadata timer(String name, String description) {
    return Metadata.builder()
        .withName(name)
        .withDescription(description)
        .withUnit(MetricUnits.SECONDS)
        .build();
  }

  private static Duration between(Instant from, Instant to) {
    return from == null || to == null || to.isBefore(from)
        ? Duration.ZERO
        : Duration.between(from, to);
  }

  private static String wire(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static void quietly(Runnable update) {
    try {
      update.run();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "A metric could not be updated", e);
    }
  }
}
