package io.tasklane.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FinishedTaskRetentionTest {

  @Test
  void a_clean_up_goes_on_batch_after_batch_until_one_is_not_full() {
    ArrayDeque<Integer> batches = new ArrayDeque<>(List.of(1000, 1000, 1000, 250, 1000));
    long total = FinishedTaskRetention.drain(batches::poll, 1000, () -> false);
    assertEquals(3250, total);
    assertEquals(1, batches.size(), "the batch after the partial one never ran");
  }

  @Test
  void a_clean_up_stops_between_batches_when_the_application_stops() {
    AtomicInteger calls = new AtomicInteger();
    long total = FinishedTaskRetention.drain(() -> 1000, 1000, () -> calls.incrementAndGet() >= 2);
    assertEquals(2000, total, "the batch under way finishes, no other starts");
  }
}
