package io.tasklane.scheduling;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HousekeepingJobsTest {
  private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2);
  private final HousekeepingJobs jobs = new HousekeepingJobs();

  @AfterEach
  void stop() {
    jobs.stop();
    executor.shutdownNow();
  }

  static Housekeeping job(String name, Duration every, Runnable work) {
    return Housekeeping.of(name, every, work);
  }

  @Test
  void a_job_that_throws_runs_again_on_its_schedule() throws Exception {
    CountDownLatch runs = new CountDownLatch(3);
    jobs.start(
        executor,
        List.of(
            job(
                "failing",
                Duration.ofMillis(10),
                () -> {
                  runs.countDown();
                  throw new IllegalStateException("the database did not answer");
                })));
    assertTrue(runs.await(5, TimeUnit.SECONDS), "ran three times despite failing each time");
  }

  @Test
  void a_slow_job_does_not_hold_up_another() throws Exception {
    CountDownLatch slowStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch fastRuns = new CountDownLatch(5);
    jobs.start(
        executor,
        List.of(
            job(
                "slow",
                Duration.ofMillis(10),
                () -> {
                  slowStarted.countDown();
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }),
            job("lease renewal", Duration.ofMillis(10), fastRuns::countDown)));
    assertTrue(slowStarted.await(5, TimeUnit.SECONDS));
    assertTrue(fastRuns.await(5, TimeUnit.SECONDS), "renewals went on while the slow job hung");
    release.countDown();
  }
}
