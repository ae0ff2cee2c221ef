package io.tasklane.resources;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.GlobalMemory;

/**
 * This machine's cores and RAM, measured with OSHI. The scheduler's tick calls {@link #sample()};
 * everyone else reads the cached {@link #latest()} snapshot, so no HTTP request ever waits for a
 * measurement. CPU usage is computed from the kernel's tick counters between two samples, which
 * costs a read of /proc/stat and never blocks.
 */
@ApplicationScoped
public class HostResources {
  private static final double GB = 1024.0 * 1024 * 1024;

  @Inject Clock clock;

  private CentralProcessor processor;
  private GlobalMemory memory;
  private int cores;
  private long[] previousTicks;
  private volatile ResourceSnapshot latest;
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong samplingCpuNanos = new AtomicLong();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  @PostConstruct
  void init() {
    var hardware = new SystemInfo().getHardware();
    processor = hardware.getProcessor();
    memory = hardware.getMemory();
    cores = processor.getLogicalProcessorCount();
    previousTicks = processor.getSystemCpuLoadTicks();
    latest =
        new ResourceSnapshot(
            cores, 0, memory.getTotal() / GB, memory.getAvailable() / GB, Instant.now(clock));
  }

  /** Takes a new measurement (CPU usage since the previous one) and caches it. */
  public synchronized ResourceSnapshot sample() {
    long cpuBefore = threads.getCurrentThreadCpuTime();
    long[] ticks = processor.getSystemCpuLoadTicks();
    long total = 0;
    for (int i = 0; i < ticks.length; i++) {
      total += ticks[i] - previousTicks[i];
    }
    long idle =
        ticks[TickType.IDLE.getIndex()]
            - previousTicks[TickType.IDLE.getIndex()]
            + ticks[TickType.IOWAIT.getIndex()]
            - previousTicks[TickType.IOWAIT.getIndex()];
    // No tick elapsed (two samples within the kernel's tick): keep the last figure.
    double usage = total > 0 ? clamp(1.0 - (double) idle / total) : latest.cpuUsage();
    previousTicks = ticks;
    latest =
        new ResourceSnapshot(
            cores, usage, memory.getTotal() / GB, memory.getAvailable() / GB, Instant.now(clock));
    samples.incrementAndGet();
    samplingCpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpuBefore);
    return latest;
  }

  public ResourceSnapshot latest() {
    return latest;
  }

  /** How many samples were taken, and the CPU time they cost, since start. */
  public long samples() {
    return samples.get();
  }

  public Duration samplingCpuTime() {
    return Duration.ofNanos(samplingCpuNanos.get());
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
