package io.tasklane.retention;

import io.tasklane.scheduling.Housekeeping;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Deletes finished tasks, their stored predictions and the outbox events older than the retention
 * age, a batch per transaction until none is left. The work runs on a managed executor, never on
 * the scheduler's thread: a long clean-up after months without one must not delay lease renewal.
 */
@ApplicationScoped
public class FinishedTaskRetention implements Housekeeping {
  private static final Logger LOG = Logger.getLogger(FinishedTaskRetention.class.getName());
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  @Inject RetentionBatch batch;
  @Inject Clock clock;
  @Inject @ConfigProperties RetentionConfig config;

  @Resource ManagedExecutorService executor;

  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean stopping;

  /**
   * A clean-up under way stops after its current batch, and is waited for (a few seconds at most):
   * a transaction cut off by the shutdown would keep H2 from compacting its file.
   */
  @Override
  public void stop() {
    stopping = true;
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    while (running.get() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public String name() {
    return "retention of finished tasks";
  }

  @Override
  public Duration every() {
    return Duration.ofMinutes(Math.max(1, config.intervalMinutes));
  }

  @Override
  public void run() {
    if (stopping || !running.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(
          () -> {
            try {
              deleteExpired();
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "Retention clean-up failed; it runs again in " + every(), e);
            } finally {
              running.set(false);
            }
          });
    } catch (RuntimeException e) {
      running.set(false);
      throw e;
    }
  }

  /** Deletes everything past the retention age now; returns how many tasks and events went. */
  public Removed deleteExpired() {
    Instant cutoff = clock.instant().minus(Duration.ofDays(config.finishedDays));
    int limit = Math.max(1, config.batchSize);
    // Workflows first: a sweep's chunk tasks go with it, and a pipeline outlives its steps' tasks.
    long sweeps = drain(() -> batch.deleteSweeps(cutoff, limit), limit, () -> stopping);
    long pipelines = drain(() -> batch.deletePipelines(cutoff, limit), limit, () -> stopping);
    long tasks = drain(() -> batch.deleteFinishedTasks(cutoff, limit), limit, () -> stopping);
    // Ids may have gaps: events go on while a batch deletes any.
    long events = drain(() -> batch.deleteEvents(cutoff, limit), 1, () -> stopping);
    Removed removed = new Removed(tasks, events, sweeps, pipelines);
    if (tasks > 0 || events > 0 || sweeps > 0 || pipelines > 0) {
      LOG.info(
          () ->
              "Retention: deleted "
                  + tasks
                  + " tasks and "
                  + events
                  + " events, "
                  + sweeps
                  + " sweeps and "
                  + pipelines
                  + " pipelines, of before "
                  + cutoff);
    }
    return removed;
  }

  /** What one clean-up deleted. */
  public record Removed(long tasks, long events, long sweeps, long pipelines) {}

  /**
   * Runs {@code step} until it deletes fewer than {@code full} or {@code stop} says so; returns the
   * total.
   */
  static long drain(IntSupplier step, int full, BooleanSupplier stop) {
    long total = 0;
    int deleted;
    do {
      deleted = step.getAsInt();
      total += deleted;
    } while (deleted >= full && !stop.getAsBoolean());
    return total;
  }
}
