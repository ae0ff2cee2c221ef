package io.tasklane.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tasklane.system.ProblemException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamQuotaTest {
  final StreamQuota quota = new StreamQuota(2, 3, Duration.ofSeconds(5));

  @Test
  void a_user_past_the_per_user_cap_gets_429_with_retry_after() {
    quota.take("alice");
    quota.take("alice");
    ProblemException refused = assertThrows(ProblemException.class, () -> quota.take("alice"));
    assertEquals(429, refused.status());
    assertEquals(Duration.ofSeconds(5), refused.retryAfter());
    assertEquals(2, quota.openBy("alice"), "a refusal takes nothing");
    quota.take("bob");
  }

  @Test
  void past_the_total_cap_everyone_gets_503_with_retry_after() {
    quota.take("alice");
    quota.take("bob");
    quota.take("carol");
    ProblemException refused = assertThrows(ProblemException.class, () -> quota.take("dave"));
    assertEquals(503, refused.status());
    assertEquals(Duration.ofSeconds(5), refused.retryAfter());
    assertEquals(3, quota.openInAll());
  }

  @Test
  void a_closed_stream_gives_its_place_back_once() {
    quota.take("alice");
    quota.take("alice");
    quota.release("alice");
    quota.take("alice");
    quota.release("alice");
    quota.release("alice");
    quota.release("alice"); // one release too many changes nothing
    assertEquals(0, quota.openBy("alice"));
    assertEquals(0, quota.openInAll());
    quota.take("alice");
    quota.take("alice");
  }
}
