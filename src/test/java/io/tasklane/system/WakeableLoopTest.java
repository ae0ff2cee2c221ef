package io.tasklane.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WakeableLoopTest {
  private WakeableLoop loop;

  @AfterEach
  void stop() {
    if (loop != null) {
      loop.stop(Duration.ofSeconds(5));
    }
  }

  private WakeableLoop started(Runnable pass) {
    loop = new WakeableLoop("test-loop", pass);
    loop.start(Executors.defaultThreadFactory());
    return loop;
  }

  @Test
  void a_wake_runs_one_pass_on_the_loops_own_thread() throws Exception {
    AtomicReference<String> ranOn = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    started(
        () -> {
          ranOn.set(Thread.currentThread().getName());
          ran.countDown();
        });

    loop.wake();

    assertTrue(ran.await(5, TimeUnit.SECONDS));
    assertEquals("test-loop", ranOn.get());
  }

  @Test
  void nothing_runs_until_woken() throws Exception {
    AtomicInteger passes = new AtomicInteger();
    started(passes::incrementAndGet);

    Thread.sleep(100);

    assertEquals(0, passes.get());
  }

  @Test
  void wakes_during_a_pass_coalesce_into_exactly_one_more_pass() throws Exception {
    AtomicInteger passes = new AtomicInteger();
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    CountDownLatch second = new CountDownLatch(1);
    started(
        () -> {
          int n = passes.incrementAndGet();
          if (n == 1) {
            firstStarted.countDown();
            await(releaseFirst);
          } else {
            second.countDown();
          }
        });

    loop.wake();
    assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
    for (int i = 0; i < 50; i++) {
      loop.wake();
    }
    releaseFirst.countDown();

    assertTrue(second.await(5, TimeUnit.SECONDS));
    Thread.sleep(100); // room for a wrong third pass to show
    assertEquals(2, passes.get());
  }

  @Test
  void a_deferred_wake_runs_after_its_delay() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    AtomicInteger passes = new AtomicInteger();
    started(
        () -> {
          passes.incrementAndGet();
          ran.countDown();
        });

    long start = System.nanoTime();
    loop.wakeWithin(Duration.ofMillis(300));
    Thread.sleep(50);
    assertEquals(0, passes.get(), "ran before its delay");

    assertTrue(ran.await(5, TimeUnit.SECONDS));
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
  }

  @Test
  void an_immediate_wake_is_not_held_back_by_a_pending_deferred_one() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    started(ran::countDown);

    loop.wakeWithin(Duration.ofSeconds(60));
    loop.wake();

    assertTrue(ran.await(5, TimeUnit.SECONDS));
  }

  @Test
  void an_earlier_deferred_wake_replaces_a_later_one() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    started(ran::countDown);

    loop.wakeWithin(Duration.ofSeconds(60));
    loop.wakeWithin(Duration.ofMillis(50));

    assertTrue(ran.await(5, TimeUnit.SECONDS), "the earlier deadline was ignored");
  }

  @Test
  void a_failing_pass_does_not_end_the_loop() throws Exception {
    AtomicInteger passes = new AtomicInteger();
    CountDownLatch second = new CountDownLatch(1);
    started(
        () -> {
          if (passes.incrementAndGet() == 1) {
            throw new IllegalStateException("boom");
          }
          second.countDown();
        });

    loop.wake();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (passes.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    loop.wake();

    assertTrue(second.await(5, TimeUnit.SECONDS));
    assertTrue(loop.isRunning());
  }

  @Test
  void stop_ends_the_thread_and_later_wakes_run_nothing() throws Exception {
    AtomicInteger passes = new AtomicInteger();
    started(passes::incrementAndGet);

    loop.stop(Duration.ofSeconds(5));
    loop.wake();
    Thread.sleep(50);

    assertFalse(loop.isRunning());
    assertEquals(0, passes.get());
  }

  @Test
  void an_interrupt_from_the_container_ends_the_loop_instead_of_spinning() throws Exception {
    AtomicReference<Thread> created = new AtomicReference<>();
    loop = new WakeableLoop("test-loop", () -> {});
    loop.start(
        task -> {
          Thread t = new Thread(task);
          created.set(t);
          return t;
        });

    created.get().interrupt();
    created.get().join(5000);

    assertFalse(created.get().isAlive());
  }

  private WakeableLoop startedWithGap(Duration gap, Runnable pass) {
    loop = new WakeableLoop("test-loop", pass, gap);
    loop.start(Executors.defaultThreadFactory());
    return loop;
  }

  /** A loop with {@code gap} that has run its first pass; the count of its passes. */
  private AtomicInteger countingPassesAfterTheFirst(Duration gap) throws InterruptedException {
    AtomicInteger passes = new AtomicInteger();
    CountDownLatch first = new CountDownLatch(1);
    startedWithGap(
        gap,
        () -> {
          passes.incrementAndGet();
          first.countDown();
        });
    loop.wake();
    assertTrue(first.await(5, TimeUnit.SECONDS));
    return passes;
  }

  @Test
  void passes_woken_in_a_burst_start_at_least_the_gap_apart() throws Exception {
    List<Long> starts = new CopyOnWriteArrayList<>();
    startedWithGap(Duration.ofMillis(50), () -> starts.add(System.nanoTime()));

    int wakes = 0;
    long end = System.nanoTime() + Duration.ofMillis(400).toNanos();
    while (System.nanoTime() < end) {
      loop.wake();
      wakes++;
      Thread.sleep(1);
    }
    Thread.sleep(150);

    assertTrue(starts.size() >= 2, "passes: " + starts.size());
    assertTrue(starts.size() < wakes / 5, starts.size() + " passes for " + wakes + " wakes");
    for (int i = 1; i < starts.size(); i++) {
      long apart = starts.get(i) - starts.get(i - 1);
      assertTrue(apart >= Duration.ofMillis(50).toNanos(), "passes " + apart + " ns apart");
    }
  }

  @Test
  void wakes_while_the_gap_is_waited_out_are_taken_in_by_the_pass_after_it() throws Exception {
    AtomicInteger passes = countingPassesAfterTheFirst(Duration.ofMillis(300));

    for (int i = 0; i < 10; i++) {
      loop.wake();
      Thread.sleep(5);
    }
    Thread.sleep(900);

    assertEquals(2, passes.get());
  }

  @Test
  void a_wake_after_a_quiet_spell_is_not_held_back_by_the_gap() throws Exception {
    List<Long> starts = new CopyOnWriteArrayList<>();
    startedWithGap(Duration.ofMillis(500), () -> starts.add(System.nanoTime()));
    loop.wake();
    Thread.sleep(600);

    long woken = System.nanoTime();
    loop.wake();
    Thread.sleep(450);

    assertEquals(2, starts.size());
    assertTrue(starts.get(1) - woken < Duration.ofMillis(400).toNanos());
  }

  @Test
  void a_stop_while_the_gap_is_waited_out_runs_no_further_pass() throws Exception {
    AtomicInteger passes = countingPassesAfterTheFirst(Duration.ofMillis(500));

    loop.wake(); // waits out the gap
    Thread.sleep(50);
    loop.stop(Duration.ofSeconds(5));
    Thread.sleep(600);

    assertEquals(1, passes.get());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
