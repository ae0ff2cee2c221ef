package io.tasklane.resources;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Set;

/** Reads the JVM heap from the platform's memory beans; no allocation worth counting. */
final class HeapGauge {
  private static final double GB = 1024.0 * 1024 * 1024;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Set<String> heapPools = new HashSet<>();

  HeapGauge() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
  }

  JvmHeap read() {
    MemoryUsage heap = memory.getHeapMemoryUsage();
    long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
    long used = heap.getUsed();
    long afterGc = usedAfterLatestCollection();
    // Before the first collection there is no such figure; what is used now is an upper bound.
    long live = afterGc > 0 ? Math.min(afterGc, used) : used;
    return new JvmHeap(max / GB, used / GB, live / GB);
  }

  /**
   * The heap in use right after the latest collection of any collector, or 0 if none is known. Why
   * not the pools' {@code getCollectionUsage()}: with G1 on JDK 17 the old generation's figure
   * stays 0 after young collections (measured: 320 MB held, 0 reported), while the latest
   * collection's own record has every pool's usage after it.
   */
  private long usedAfterLatestCollection() {
    long latestEnd = -1;
    long after = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (!(collector instanceof com.sun.management.GarbageCollectorMXBean detailed)) {
        continue;
      }
      var info = detailed.getLastGcInfo();
      if (info == null || info.getEndTime() <= latestEnd) {
        continue;
      }
      latestEnd = info.getEndTime();
      after = 0;
      for (var pool : info.getMemoryUsageAfterGc().entrySet()) {
        if (heapPools.contains(pool.getKey())) {
          after += pool.getValue().getUsed();
        }
      }
    }
    return after;
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
