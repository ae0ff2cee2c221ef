package io.tasklane.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskExecutorBackoffTest {
  @Test
  void backoff_doubles_per_attempt_and_is_capped_at_five_minutes() {
    assertEquals(Duration.ofSeconds(2), TaskExecutor.backoff(1));
    assertEquals(Duration.ofSeconds(4), TaskExecutor.backoff(2));
    assertEquals(Duration.ofSeconds(8), TaskExecutor.backoff(3));
    assertEquals(Duration.ofMinutes(5), TaskExecutor.backoff(9));
    assertEquals(Duration.ofMinutes(5), TaskExecutor.backoff(1000));
  }
}
