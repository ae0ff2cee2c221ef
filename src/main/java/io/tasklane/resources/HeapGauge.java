package io.tasklane.resources;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/** Reads the JVM heap from the platform's memory beans; no allocation worth counting. */
final class HeapGauge {
  private static final double GB = 1024.0 * 1024 * 1024;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

  JvmHeap read() {
    MemoryUsage heap = memory.getHeapMemoryUsage();
    long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
    long used = heap.getUsed();
    // What each heap pool held right after its last collection, summed: the heap's live set
    // (plus what became garbage since). Before the first collection there is no such figure.
    long afterGc = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage collected = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
      if (collected != null) {
        afterGc += collected.getUsed();
      }
    }
    long live = afterGc > 0 ? Math.min(afterGc, used) : used;
    return new JvmHeap(max / GB, used / GB, live / GB);
  }

  /**
   * A full collection, so that the live set is measured afresh. Used only when nothing of this
   * instance runs and the heap alone holds a task back: without allocation no collection happens,
   * and the figure of the last one, taken while tasks ran, would hold it forever.
   */
  void collect() {
    memory.gc();
  }
}
