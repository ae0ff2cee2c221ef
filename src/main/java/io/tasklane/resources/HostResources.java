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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.GlobalMemory;

/**
 * This machine's cores and RAM, measured with OSHI. The scheduler's tick calls {@link #sample()};
 * everyone else reads the cached {@link #latest()} snapshot, so no HTTP request ever waits for a
 * measurement. CPU usage is computed from the kernel's tick counters over a window of at least
 * {@code tasklane.resources.cpu-window-ms} (see {@link CpuWindow}), which costs a read of
 * /proc/stat and never blocks.
 */
@ApplicationScoped
public class HostResources {
  private static final double GB = 1024.0 * 1024 * 1024;

  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "tasklane.resources.cpu-window-ms", defaultValue = "1000")
  long cpuWindowMs;

  private CentralProcessor processor;
  private GlobalMemory memory;
  private int cores;
  private CpuWindow window;
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
    Instant now = Instant.now(clock);
    window =
        new CpuWindow(
            Duration.ofMillis(cpuWindowMs), ticks(processor.getSystemCpuLoadTicks(), now));
    latest =
        new ResourceSnapshot(cores, 0, memory.getTotal() / GB, memory.getAvailable() / GB, now);
  }

  /** Takes a new measurement and caches it. */
  public synchronized ResourceSnapshot sample() {
    long cpuBefore = threads.getCurrentThreadCpuTime();
    Instant now = Instant.now(clock);
    // No tick elapsed (two samples within the kernel's tick): keep the last figure.
    CpuWindow.Usage cpu =
        window.add(ticks(processor.getSystemCpuLoadTicks(), now), latest.cpuUsage());
    latest =
        new ResourceSnapshot(
            cores,
            cpu.usage(),
            memory.getTotal() / GB,
            memory.getAvailable() / GB,
            now,
            cpu.windowStart());
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

  /** Idle and I/O wait count as free; every other kind of tick as busy. */
  private static CpuWindow.Ticks ticks(long[] ticks, Instant at) {
    long total = 0;
    for (long t : ticks) {
      total += t;
    }
    long idle = ticks[TickType.IDLE.getIndex()] + ticks[TickType.IOWAIT.getIndex()];
    return new CpuWindow.Ticks(at, total - idle, total);
  }
}
