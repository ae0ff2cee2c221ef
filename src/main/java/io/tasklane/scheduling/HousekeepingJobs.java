package io.tasklane.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs each {@link Housekeeping} job on its own fixed delay; a failing run is logged, not fatal.
 */
final class HousekeepingJobs {
  private static final Logger LOG = Logger.getLogger(HousekeepingJobs.class.getName());

  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
  private final List<Housekeeping> started = new ArrayList<>();

  void start(ScheduledExecutorService executor, Iterable<? extends Housekeeping> jobs) {
    for (Housekeeping job : jobs) {
      started.add(job);
      long every = Math.max(1, job.every().toMillis());
      scheduled.add(
          executor.scheduleWithFixedDelay(
              logged(job.name(), job::run), 0, every, TimeUnit.MILLISECONDS));
    }
  }

  void stop() {
    scheduled.forEach(f -> f.cancel(false));
    scheduled.clear();
    started.forEach(job -> logged(job.name() + " stop", job::stop).run());
    started.clear();
  }

  /**
   * Background work never dies silently: a scheduled task that throws is never run again, so every
   * failure is caught, logged and the next run goes ahead as planned.
   */
  static Runnable logged(String what, Runnable work) {
    return () -> {
      try {
        work.run();
      } catch (Throwable e) {
        LOG.log(Level.WARNING, "Scheduler " + what + " failed; it will run again", e);
      }
    };
  }
}
