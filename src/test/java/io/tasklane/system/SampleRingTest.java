package io.tasklane.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SampleRingTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  final SampleRing<Integer> ring = new SampleRing<>(Duration.ofHours(1), Duration.ofSeconds(5));

  @Test
  void samples_closer_than_the_spacing_are_not_kept() {
    assertTrue(ring.add(T0, 1));
    assertFalse(ring.add(T0.plusSeconds(4), 2));
    assertTrue(ring.add(T0.plusSeconds(5), 3));

    assertEquals(
        java.util.List.of(1, 3), ring.samples().stream().map(SampleRing.Sample::value).toList());
  }

  @Test
  void an_hour_of_samples_every_five_seconds_is_the_most_it_ever_holds() {
    for (int i = 0; i < 5000; i++) {
      ring.add(T0.plusSeconds(5L * i), i);
    }

    assertEquals(721, ring.samples().size());
    assertEquals(4999, ring.samples().get(720).value());
    assertEquals(T0.plusSeconds(5L * 4999 - 3600), ring.samples().get(0).at());
  }

  @Test
  void a_clock_set_back_adds_nothing_until_it_passes_the_newest_sample() {
    ring.add(T0, 1);

    assertFalse(ring.add(T0.minusSeconds(60), 2));
    assertEquals(1, ring.samples().size());
  }

  @Test
  void a_spacing_longer_than_the_window_is_refused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new SampleRing<Integer>(Duration.ofSeconds(1), Duration.ofSeconds(5)));
  }
}
