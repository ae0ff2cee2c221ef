package io.tasklane.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.support.SettableClock;
import io.tasklane.tasks.DependencyWait;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.TaskStatus;
import io.tasklane.tasks.TaskStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BlockedReasonsTest {
  final SettableClock clock = new SettableClock(Instant.parse("2026-12-06T00:00:00Z"));
  final List<String> writes = new ArrayList<>();
  final AtomicInteger dependencyReads = new AtomicInteger();
  final List<DependencyWait> waiting = new ArrayList<>();
  final BlockedReasons reasons = reasons();

  BlockedReasons reasons() {
    BlockedReasons r = new BlockedReasons();
    r.clock = clock;
    r.tasks =
        new TaskStore() {
          @Override
          public void writeBlockedReasonUnversioned(UUID id, String reason) {
            writes.add(id + ": " + reason);
          }

          @Override
          public List<DependencyWait> dependencyWaits(Lane lane, int limit) {
            dependencyReads.incrementAndGet();
            return List.copyOf(waiting);
          }
        };
    return r;
  }

  void pass(UUID id, String reason) {
    reasons.record(Lane.LOCAL, Map.of(id, reason), clock.instant());
  }

  @Test
  void a_task_that_starts_within_the_grace_never_gets_a_reason_written() {
    UUID id = UUID.randomUUID();
    pass(id, "Insufficient CPU: need 1.0 cores, available 0.2 cores");
    clock.advance(BlockedReasons.GRACE.minusMillis(100));
    pass(id, "Insufficient CPU: need 1.0 cores, available 0.3 cores");
    reasons.record(Lane.LOCAL, Map.of(), clock.instant()); // it started

    assertEquals(List.of(), writes);
  }

  @Test
  void a_task_held_past_the_grace_gets_its_reason_then_kind_changes_at_once_and_figures_rarely() {
    UUID id = UUID.randomUUID();
    pass(id, "Insufficient CPU: need 1.0 cores, available 0.2 cores");
    clock.advance(BlockedReasons.GRACE);
    pass(id, "Insufficient CPU: need 1.0 cores, available 0.3 cores");
    assertEquals(List.of(id + ": Insufficient CPU: need 1.0 cores, available 0.3 cores"), writes);

    clock.advance(Duration.ofSeconds(1));
    pass(id, "Insufficient CPU: need 1.0 cores, available 0.4 cores");
    assertEquals(1, writes.size(), "the same kind is not rewritten within the refresh");

    pass(id, "Insufficient RAM: need 2.0 GB, available 1.0 GB");
    assertEquals(2, writes.size(), "a change of kind is written at once");

    clock.advance(BlockedReasons.REFRESH);
    pass(id, "Insufficient RAM: need 2.0 GB, available 1.5 GB");
    assertEquals(3, writes.size(), "the figures are refreshed after the refresh interval");
  }

  @Test
  void a_task_held_again_after_it_stopped_waiting_starts_a_new_grace() {
    UUID id = UUID.randomUUID();
    pass(id, "Waiting for 3 tasks ahead");
    clock.advance(BlockedReasons.GRACE.minusMillis(1));
    reasons.record(Lane.LOCAL, Map.of(), clock.instant());
    clock.advance(Duration.ofMillis(2));
    pass(id, "Waiting for 2 tasks ahead");

    assertEquals(List.of(), writes);
  }

  @Test
  void dependency_waits_are_read_at_most_once_a_refresh_and_each_caller_gets_its_own_copy() {
    UUID task = UUID.randomUUID();
    UUID dependency = UUID.randomUUID();
    waiting.add(new DependencyWait(task, dependency, TaskStatus.RUNNING));

    Map<UUID, String> first = reasons.dependencyWaits(Lane.LOCAL);
    first.put(UUID.randomUUID(), "changed by the caller");
    clock.advance(BlockedReasons.DEPENDENCY_REFRESH.minusMillis(1));
    Map<UUID, String> second = reasons.dependencyWaits(Lane.LOCAL);

    assertEquals(1, dependencyReads.get());
    assertEquals(Map.of(task, "Waiting for task " + dependency + " (running)"), second);

    waiting.clear();
    clock.advance(Duration.ofMillis(1));
    assertTrue(reasons.dependencyWaits(Lane.LOCAL).isEmpty());
    assertEquals(2, dependencyReads.get());
  }
}
