package io.tasklane.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskThreadsTest {
  private final TaskThreads threads =
      new TaskThreads(Executors.defaultThreadFactory(), Duration.ofMillis(200));
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    threads.stop();
  }

  @Test
  void every_submitted_task_starts_at_once_however_many_are_running() throws Exception {
    int running = 20;
    CountDownLatch started = new CountDownLatch(running);
    for (int i = 0; i < running; i++) {
      threads.submit(
          () -> {
            started.countDown();
            await(release);
          });
    }

    assertTrue(started.await(10, TimeUnit.SECONDS), "all started while none had finished");
    assertEquals(running, threads.threads());
  }

  @Test
  void a_finished_task_leaves_its_thread_for_the_next_one() throws Exception {
    AtomicReference<Thread> first = new AtomicReference<>();
    AtomicReference<Thread> second = new AtomicReference<>();

    threads.submit(() -> first.set(Thread.currentThread())).get(10, TimeUnit.SECONDS);
    // back in the pool: waiting, for at most the idle time, for the next task
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (first.get().getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    threads.submit(() -> second.set(Thread.currentThread())).get(10, TimeUnit.SECONDS);

    assertEquals(first.get(), second.get());
    assertTrue(first.get().getName().startsWith("tasklane-task-"), first.get().getName());
  }

  @Test
  void idle_threads_end_instead_of_piling_up() throws Exception {
    for (int i = 0; i < 5; i++) {
      threads.submit(() -> await(release));
    }
    assertEquals(5, threads.threads());
    release.countDown();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (threads.threads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    assertEquals(0, threads.threads());
  }

  @Test
  void a_task_that_throws_reports_it_through_its_future() {
    Future<?> failed =
        threads.submit(
            () -> {
              throw new IllegalStateException("boom");
            });

    var thrown =
        assertThrows(
            java.util.concurrent.ExecutionException.class, () -> failed.get(10, TimeUnit.SECONDS));
    assertEquals("boom", thrown.getCause().getMessage());
  }

  @Test
  void after_stop_new_tasks_are_refused_and_running_ones_finish_uninterrupted() throws Exception {
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    Future<?> running =
        threads.submit(
            () -> {
              started.countDown();
              await(release);
              interrupted.set(Thread.currentThread().isInterrupted());
            });
    assertTrue(started.await(10, TimeUnit.SECONDS));

    threads.stop();
    release.countDown();
    running.get(10, TimeUnit.SECONDS);

    assertEquals(false, interrupted.get());
    assertThrows(RejectedExecutionException.class, () -> threads.submit(() -> {}));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
