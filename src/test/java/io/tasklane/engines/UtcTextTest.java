package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UtcTextTest {
  @Test
  void prints_every_second_as_instant_prints_it() {
    List<Long> seconds =
        new ArrayList<>(
            List.of(
                0L,
                -1L,
                59L,
                86_399L,
                86_400L,
                1_704_067_200L, // 2024-01-01
                951_782_400L, // 2000-02-29
                -62_167_219_200L, // 0000-01-01
                -62_167_219_201L, // one second before: year -1
                253_402_300_799L, // 9999-12-31T23:59:59
                253_402_300_800L, // 10000-01-01
                Instant.MIN.getEpochSecond(),
                Instant.MAX.getEpochSecond()));
    Random random = new Random(25);
    for (int i = 0; i < 200_000; i++) {
      seconds.add(random.nextLong(-70_000_000_000L, 260_000_000_000L));
      seconds.add(random.nextLong(1_500_000_000L, 1_800_000_000L) / 86_400 * 86_400);
    }
    for (long second : seconds) {
      assertEquals(Instant.ofEpochSecond(second).toString(), UtcText.of(second), () -> "" + second);
    }
  }
}
