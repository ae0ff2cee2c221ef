package io.tasklane.profiles;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Measures what the code between {@link #start} and {@link #stop} used on the calling thread: its
 * CPU time, the bytes it allocated, the wall time, and the CPU time of the whole process over the
 * same span (which counts threads a library runs of its own, as XGBoost's native ones, but also
 * whatever else the process did meanwhile). Bytes allocated are not retained heap: most of them are
 * garbage long before the task ends. Call both ends on the same thread.
 */
public final class UsageMeter {
  /** What one measured span used; a figure the JVM cannot measure is 0. */
  public record Usage(
      double threadCpuMs, double processCpuMs, double wallMs, long allocatedBytes) {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long threadCpuNanos;
  private final long processCpuNanos;
  private final long allocated;
  private final long startNanos;

  private UsageMeter() {
    threadCpuNanos = threadCpuNanos();
    processCpuNanos = processCpuNanos();
    allocated = allocatedBytes();
    startNanos = System.nanoTime();
  }

  public static UsageMeter start() {
    return new UsageMeter();
  }

  public Usage stop() {
    long wall = System.nanoTime() - startNanos;
    return new Usage(
        Math.max(0, threadCpuNanos() - threadCpuNanos) / 1e6,
        Math.max(0, processCpuNanos() - processCpuNanos) / 1e6,
        wall / 1e6,
        Math.max(0, allocatedBytes() - allocated));
  }

  private static long threadCpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported()
        ? Math.max(0, THREADS.getCurrentThreadCpuTime())
        : 0;
  }

  private static long allocatedBytes() {
    if (THREADS instanceof com.sun.management.ThreadMXBean sun
        && sun.isThreadAllocatedMemorySupported()) {
      return Math.max(0, sun.getThreadAllocatedBytes(Thread.currentThread().getId()));
    }
    return 0;
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? Math.max(0, os.getProcessCpuTime())
        : 0;
  }
}
