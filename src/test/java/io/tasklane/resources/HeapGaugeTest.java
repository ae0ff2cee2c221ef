package io.tasklane.resources;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeapGaugeTest {
  @Test
  void the_live_set_after_a_collection_counts_what_survived_it_and_not_the_garbage() {
    HeapGauge gauge = new HeapGauge();
    gauge.collect();
    JvmHeap before = gauge.read();
    byte[][] kept = new byte[64][];
    for (int i = 0; i < kept.length; i++) {
      kept[i] = new byte[1024 * 1024]; // 64 MB that survive
    }
    for (int i = 0; i < 256; i++) {
      byte[] garbage = new byte[1024 * 1024];
      garbage[0] = 1;
    }
    gauge.collect();
    JvmHeap after = gauge.read();

    double grownMb = (after.liveAfterGcGb() - before.liveAfterGcGb()) * 1024;
    assertTrue(grownMb > 56 && grownMb < 96, "live set grew by " + grownMb + " MB");
    assertTrue(after.liveAfterGcGb() <= after.usedGb() && after.usedGb() <= after.maxGb());
    assertTrue(kept[kept.length - 1].length > 0);
  }
}
