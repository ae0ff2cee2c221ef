package io.tasklane.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CompletionBatchesTest {
  /** Records what each transaction wrote; a task in {@code conflicting} fails any batch. */
  static final class RecordingOutcomes extends TaskOutcomes {
    final AtomicInteger transactions = new AtomicInteger();
    final Map<UUID, String> written = new ConcurrentHashMap<>();
    final Set<UUID> conflicting = ConcurrentHashMap.newKeySet();
    final Set<UUID> notOwned = ConcurrentHashMap.newKeySet();
    final Map<UUID, ProgressReport> announced = new ConcurrentHashMap<>();

    @Override
    public Set<UUID> completeAll(List<Completion> completions) {
      transactions.incrementAndGet();
      pause();
      if (completions.stream().anyMatch(c -> conflicting.contains(c.id()))) {
        throw new IllegalStateException("optimistic lock");
      }
      Set<UUID> applied = new HashSet<>();
      for (Completion c : completions) {
        if (!notOwned.contains(c.id())) {
          written.put(c.id(), c.resultJson());
          if (c.held() != null) {
            announced.put(c.id(), c.held());
          }
          applied.add(c.id());
        }
      }
      return applied;
    }

    @Override
    public boolean complete(Completion c) {
      UUID id = c.id();
      transactions.incrementAndGet();
      pause();
      if (conflicting.contains(id) || notOwned.contains(id)) {
        return false; // the decision that came first (a cancel) stands
      }
      written.put(id, c.resultJson());
      if (c.held() != null) {
        announced.put(id, c.held());
      }
      return true;
    }

    private static void pause() {
      try {
        Thread.sleep(3); // a commit's round trip, so that others queue meanwhile
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Completes every task from its own call, {@code threads} at a time, all released at once. */
  static CompletionBatches writingTo(TaskOutcomes outcomes) {
    CompletionBatches batches = new CompletionBatches();
    batches.outcomes = outcomes;
    return batches;
  }

  static List<UUID> randomIds(int n) {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(UUID.randomUUID());
    }
    return ids;
  }

  static List<Boolean> completeTogether(
      CompletionBatches batches, List<UUID> ids, int threads, Function<UUID, String> result)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Boolean>> pending = new ArrayList<>();
      for (UUID id : ids) {
        pending.add(
            pool.submit(
                () -> {
                  go.await();
                  return batches.complete(
                      new TaskOutcomes.Completion(
                          id, "me", result.apply(id), null, held(id), null));
                }));
      }
      go.countDown();
      List<Boolean> results = new ArrayList<>();
      for (Future<Boolean> future : pending) {
        results.add(future.get(10, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void many_tasks_ending_together_share_transactions_and_each_learns_its_own_outcome()
      throws Exception {
    RecordingOutcomes outcomes = new RecordingOutcomes();
    CompletionBatches batches = writingTo(outcomes);
    int tasks = 400;
    List<UUID> ids = randomIds(tasks);
    outcomes.notOwned.add(ids.get(7));
    List<Boolean> results = completeTogether(batches, ids, 32, id -> "{\"id\":\"" + id + "\"}");
    for (int i = 0; i < tasks; i++) {
      assertEquals(i != 7, results.get(i), "task " + i);
    }
    assertEquals(tasks - 1, outcomes.written.size());
    for (UUID id : ids) {
      if (!id.equals(ids.get(7))) {
        assertEquals("{\"id\":\"" + id + "\"}", outcomes.written.get(id));
      }
    }
    assertTrue(
        outcomes.transactions.get() < tasks / 4,
        "32 threads ending at once shared transactions: " + outcomes.transactions.get());
  }

  @Test
  void a_batch_that_conflicts_is_recorded_one_by_one_and_only_the_changed_task_is_refused()
      throws Exception {
    RecordingOutcomes outcomes = new RecordingOutcomes();
    CompletionBatches batches = writingTo(outcomes);
    List<UUID> ids = randomIds(40);
    UUID cancelled = ids.get(3);
    outcomes.conflicting.add(cancelled);
    List<Boolean> results = completeTogether(batches, ids, 16, id -> "{}");
    for (int i = 0; i < ids.size(); i++) {
      assertEquals(i != 3, results.get(i), "task " + i);
    }
    assertEquals(39, outcomes.written.size());
    assertFalse(outcomes.written.containsKey(cancelled));
  }

  @Test
  void a_task_ending_alone_is_written_in_a_transaction_of_its_own() {
    RecordingOutcomes outcomes = new RecordingOutcomes();
    CompletionBatches batches = writingTo(outcomes);
    UUID id = UUID.randomUUID();
    assertTrue(
        batches.complete(new TaskOutcomes.Completion(id, "me", "{\"x\":1}", null, null, null)));
    assertEquals(1, outcomes.transactions.get());
    assertEquals("{\"x\":1}", outcomes.written.get(id));
  }

  /** Every other task has a held first report, named for it. */
  static ProgressReport held(UUID id) {
    return id.hashCode() % 2 == 0 ? ProgressReport.of("Loading " + id, 0) : null;
  }

  @Test
  void a_held_report_is_announced_with_its_own_completion_in_a_batch_and_one_by_one()
      throws Exception {
    RecordingOutcomes outcomes = new RecordingOutcomes();
    CompletionBatches batches = writingTo(outcomes);
    List<UUID> ids = randomIds(120);
    outcomes.conflicting.add(ids.get(7)); // its batches are written one by one

    completeTogether(batches, ids, 16, id -> "{}");

    for (UUID id : ids) {
      if (id.equals(ids.get(7))) {
        assertNull(outcomes.announced.get(id), "a completion that did not apply announces nothing");
      } else {
        assertEquals(held(id), outcomes.announced.get(id), "for " + id);
      }
    }
  }
}
