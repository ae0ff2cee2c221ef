package io.tasklane.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RequestSizeLimitTest {
  @Test
  void a_body_within_the_limit_reads_whole() throws IOException {
    byte[] body = "x".repeat(1000).getBytes();
    var bounded = new RequestSizeLimit.Bounded(new ByteArrayInputStream(body), 1000);

    assertArrayEquals(body, bounded.readAllBytes());
  }

  @Test
  void reading_past_the_limit_refuses_with_413_and_drains_the_rest() {
    var source = new ByteArrayInputStream(new byte[300_000]);
    var bounded = new RequestSizeLimit.Bounded(source, 100_000);

    ProblemException refused = assertThrows(ProblemException.class, bounded::readAllBytes);

    assertEquals(413, refused.status());
    // a client that writes its whole body before reading the answer is not left blocked
    assertEquals(0, source.available());
  }

  @Test
  void single_byte_reads_are_counted_too() throws IOException {
    var source = new ByteArrayInputStream(new byte[50]);
    var bounded = new RequestSizeLimit.Bounded(source, 10);
    for (int i = 0; i < 10; i++) {
      assertEquals(0, bounded.read());
    }

    ProblemException refused = assertThrows(ProblemException.class, bounded::read);

    assertEquals(413, refused.status());
    assertEquals(0, source.available());
  }

  @Test
  void draining_stops_at_its_bound() {
    var source = new ByteArrayInputStream(new byte[10_000]);

    RequestSizeLimit.drain(source, 4_000);

    assertEquals(6_000, source.available());
  }
}
