package io.tasklane.events;

import io.tasklane.pipelines.PipelineEvent;
import io.tasklane.system.WakeableLoop;
import io.tasklane.tasks.TaskEvent;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Moves committed outbox rows to this instance's hub, in id order. It runs when woken (a local
 * commit, or a PostgreSQL notification from any instance), on a thread of its own, and on a short
 * poll that also covers H2, a lost notification and a hole waiting out its grace period; it prunes
 * old rows once a minute.
 */
@ApplicationScoped
public class OutboxRelay {
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class.getName());
  private static final int BATCH = 500;
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

  @Resource ManagedScheduledExecutorService scheduler;
  @Resource ManagedThreadFactory threads;
  @Inject EventOutbox outbox;
  @Inject TaskEventHub hub;
  @Inject Clock clock;

  @Inject @ConfigProperties EventsConfig config;

  private final ReentrantLock relaying = new ReentrantLock();

  /**
   * Relays woken by a burst of commits start at least this far apart and read the events in one
   * query, instead of one read per commit; a commit after a quiet spell is relayed at once.
   */
  static final Duration RELAY_GAP = Duration.ofMillis(5);

  private final WakeableLoop relayLoop =
      new WakeableLoop("tasklane-event-relay", this::relay, RELAY_GAP);
  private volatile DispatchCursor cursor;
  private volatile ScheduledFuture<?> poll;
  private volatile ScheduledFuture<?> prune;
  private volatile boolean stopping;

  /** Starts after the newest event: history is for reconnecting clients, not for the hub. */
  void start() {
    cursor = new DispatchCursor(outbox.latestId(), Duration.ofMillis(config.gapGraceMs));
    hub.start(cursor.position());
    relayLoop.start(threads);
    poll =
        scheduler.scheduleWithFixedDelay(
            logged("relay", this::relay), config.pollMs, config.pollMs, TimeUnit.MILLISECONDS);
    prune =
        scheduler.scheduleWithFixedDelay(
            logged("prune", this::prune),
            PRUNE_EVERY.toMillis(),
            PRUNE_EVERY.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  void stop() {
    stopping = true;
    for (ScheduledFuture<?> task : new ScheduledFuture<?>[] {poll, prune}) {
      if (task != null) {
        task.cancel(false);
      }
    }
    relayLoop.stop(Duration.ofSeconds(5));
  }

  /** Relays now; calls while one is pending coalesce into it. */
  public void wake() {
    if (!stopping && cursor != null) {
      relayLoop.wake();
    }
  }

  void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) TaskEvent event) {
    wake();
  }

  void onPipelineCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) PipelineEvent event) {
    wake();
  }

  private void relay() {
    relaying.lock();
    try {
      List<StoredEvent> rows;
      List<StoredEvent> ready;
      do {
        rows = outbox.after(cursor.position(), BATCH);
        ready = cursor.advance(rows, Instant.now(clock));
        if (!ready.isEmpty()) {
          hub.dispatch(ready);
        }
      } while (!stopping && rows.size() == BATCH && ready.size() == rows.size());
    } finally {
      relaying.unlock();
    }
  }

  private void prune() {
    int pruned =
        outbox.prune(
            Instant.now(clock).minus(Duration.ofMinutes(config.retentionMinutes)),
            config.retentionEvents);
    if (pruned > 0) {
      LOG.fine(() -> "Pruned " + pruned + " old task events");
    }
  }

  /** Background work never dies silently: log and keep going. */
  private static Runnable logged(String what, Runnable work) {
    return () -> {
      try {
        work.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Event " + what + " failed; it runs again at its next turn", e);
      }
    };
  }
}
