package io.tasklane.scheduling;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads tasks run on: one per running task (the admission rule decides how many run), made by
 * the container's {@code ManagedThreadFactory} so that they carry the application's context, reused
 * while busy and ended after {@link #IDLE} without work.
 *
 * <p>Not a {@code ManagedExecutorService}: Payara's keeps every thread it ever started (its core
 * size is its maximum, so 162 tasks left 162 idle threads and their thread-local caches behind),
 * and captures each task's context with a {@code ServiceLoader} scan of the application's jars.
 */
final class TaskThreads {
  /** Far above what a machine's CPU and RAM admit at once; a safety bound, not a limit in use. */
  static final int MAX = 256;

  static final Duration IDLE = Duration.ofSeconds(60);

  private final ThreadPoolExecutor pool;

  TaskThreads(ThreadFactory factory, Duration idle) {
    AtomicInteger count = new AtomicInteger();
    pool =
        new ThreadPoolExecutor(
            0,
            MAX,
            idle.toMillis(),
            TimeUnit.MILLISECONDS,
            new SynchronousQueue<>(), // a task never waits here: admission already let it in
            task -> {
              Thread thread = factory.newThread(task);
              thread.setName("tasklane-task-" + count.incrementAndGet());
              return thread;
            });
  }

  /**
   * Starts {@code task} on an idle thread or a new one.
   *
   * @throws java.util.concurrent.RejectedExecutionException past {@link #MAX} running, or stopped
   */
  Future<?> submit(Runnable task) {
    return pool.submit(task);
  }

  /** Threads alive now, busy or idle. */
  int threads() {
    return pool.getPoolSize();
  }

  /** Takes no more tasks; running ones finish (never interrupted: they stop cooperatively). */
  void stop() {
    pool.shutdown();
  }
}
