package io.tasklane.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerBackoffTest {
  @Test
  void backoff_doubles_per_attempt_and_is_capped_at_five_minutes() {
    assertEquals(Duration.ofSeconds(2), Worker.backoff(1));
    assertEquals(Duration.ofSeconds(4), Worker.backoff(2));
    assertEquals(Duration.ofSeconds(8), Worker.backoff(3));
    assertEquals(Duration.ofMinutes(5), Worker.backoff(9));
    assertEquals(Duration.ofMinutes(5), Worker.backoff(1000));
  }
}
