package io.tasklane.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit: item 1 is always written alone and held until released, so that the items sent
 * meanwhile queue behind it. Items are numbers; an answer is the number times ten.
 */
class GroupCommitTest {
  final ExecutorService callers = Executors.newFixedThreadPool(6);
  final CountDownLatch firstEntered = new CountDownLatch(1);
  final CountDownLatch releaseFirst = new CountDownLatch(1);
  final List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
  final Map<Integer, String> writtenBy = new ConcurrentHashMap<>();
  final Map<Integer, String> callerOf = new ConcurrentHashMap<>();
  volatile Function<List<Integer>, List<Integer>> together = this::tenTimes;

  final GroupCommit<Integer, Integer> commit =
      new GroupCommit<>(100, group -> together.apply(group), this::alone);

  @AfterEach
  void stop() {
    callers.shutdownNow();
  }

  private List<Integer> tenTimes(List<Integer> group) {
    groups.add(group);
    group.forEach(i -> writtenBy.put(i, Thread.currentThread().getName()));
    return group.stream().map(i -> i * 10).toList();
  }

  private Integer alone(Integer item) {
    writtenBy.put(item, Thread.currentThread().getName());
    if (item == 1) {
      firstEntered.countDown();
      try {
        assertTrue(releaseFirst.await(10, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    if (item < 0) {
      throw new IllegalArgumentException("negative " + item);
    }
    return item * 10;
  }

  private CompletableFuture<Integer> send(int item) {
    return CompletableFuture.supplyAsync(
        () -> {
          callerOf.put(item, Thread.currentThread().getName());
          return commit.submit(item);
        },
        callers);
  }

  /** Sends item 1 and waits until it is being written. */
  private CompletableFuture<Integer> sendFirst() throws InterruptedException {
    CompletableFuture<Integer> first = send(1);
    assertTrue(firstEntered.await(10, TimeUnit.SECONDS));
    return first;
  }

  /**
   * Sends {@code items} while item 1 is being written, then releases it: their answers, once item 1
   * got its own.
   */
  private List<CompletableFuture<Integer>> queuedBehindFirst(int... items) throws Exception {
    CompletableFuture<Integer> first = sendFirst();
    List<CompletableFuture<Integer>> queued =
        java.util.stream.IntStream.of(items).mapToObj(this::send).toList();
    awaitQueued(items.length);
    releaseFirst.countDown();
    assertEquals(10, first.get(10, TimeUnit.SECONDS));
    return queued;
  }

  private void awaitQueued(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (commit.waiting() < count) {
      assertTrue(System.nanoTime() < deadline, "never queued: " + commit.waiting());
      Thread.sleep(1);
    }
  }

  @Test
  void items_queued_while_one_is_written_are_written_together_and_each_gets_its_own_answer()
      throws Exception {
    List<CompletableFuture<Integer>> later = queuedBehindFirst(2, 3, 4);

    for (int i = 0; i < later.size(); i++) {
      assertEquals((i + 2) * 10, later.get(i).get(10, TimeUnit.SECONDS));
    }
    assertEquals(1, groups.size());
    assertEquals(List.of(2, 3, 4), groups.get(0).stream().sorted().toList());
  }

  @Test
  void a_writer_hands_the_writing_over_once_its_own_item_is_written() throws Exception {
    List<CompletableFuture<Integer>> queued = queuedBehindFirst(2, 3);

    assertEquals(20, queued.get(0).get(10, TimeUnit.SECONDS));
    assertEquals(30, queued.get(1).get(10, TimeUnit.SECONDS));
    String writer = writtenBy.get(2);
    assertTrue(
        !writer.equals(callerOf.get(1)) && writer.equals(writtenBy.get(3)),
        "the first caller returned without writing the others' group; one of theirs did: "
            + writtenBy
            + " callers "
            + callerOf);
  }

  @Test
  void a_failed_group_is_written_item_by_item_and_only_the_bad_item_fails() throws Exception {
    together =
        group -> {
          throw new IllegalStateException("rolled back");
        };
    List<CompletableFuture<Integer>> queued = queuedBehindFirst(2, -3, 4);

    assertEquals(20, queued.get(0).get(10, TimeUnit.SECONDS));
    assertEquals(40, queued.get(2).get(10, TimeUnit.SECONDS));
    ExecutionException failed = assertThrows(ExecutionException.class, queued.get(1)::get);
    assertEquals("negative -3", failed.getCause().getMessage());
  }

  @Test
  void an_error_while_writing_a_group_answers_every_waiting_caller_with_it() throws Exception {
    OutOfMemoryError error = new OutOfMemoryError("test");
    together =
        group -> {
          throw error;
        };
    for (CompletableFuture<Integer> each : queuedBehindFirst(2, 3)) {
      ExecutionException failed =
          assertThrows(ExecutionException.class, () -> each.get(10, TimeUnit.SECONDS));
      assertSame(error, failed.getCause());
    }
  }

  @Test
  void an_interrupted_caller_still_gets_its_answer_and_keeps_its_interrupt() throws Exception {
    CompletableFuture<Integer> first = sendFirst();
    CompletableFuture<Thread> secondThread = new CompletableFuture<>();
    CompletableFuture<String> second =
        CompletableFuture.supplyAsync(
            () -> {
              secondThread.complete(Thread.currentThread());
              int answer = commit.submit(2);
              return answer + " interrupted=" + Thread.currentThread().isInterrupted();
            },
            callers);
    awaitQueued(1);
    secondThread.get(10, TimeUnit.SECONDS).interrupt();
    Thread.sleep(20); // it woke, found its item unwritten and waits again
    releaseFirst.countDown();

    assertEquals(10, first.get(10, TimeUnit.SECONDS));
    assertEquals("20 interrupted=true", second.get(10, TimeUnit.SECONDS));
  }
}
