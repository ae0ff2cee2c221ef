package io.tasklane.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaneCapacityTest {
  @Test
  void a_type_at_its_limit_waits_with_the_seeds_wording() {
    assertEquals(
        Optional.of("Lane model_training is full (2 running)"),
        LaneCapacity.fullReason("model_training", 2, 2));
  }

  @Test
  void a_type_below_its_limit_or_without_one_may_start() {
    assertEquals(Optional.empty(), LaneCapacity.fullReason("model_training", 2, 1));
    assertEquals(Optional.empty(), LaneCapacity.fullReason("backtest", null, 50));
  }
}
