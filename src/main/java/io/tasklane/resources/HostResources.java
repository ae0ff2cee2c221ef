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
import org.eclipse.microprofile.config.inject.ConfigProperties;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.GlobalMemory;

/**
 * This machine's cores and RAM, measured with OSHI. The scheduler's tick calls {@link #sample()};
 * everyone else reads the cached {@link #latest()} snapshot, so no HTTP request ever waits for a
 * measurement. CPU usage is computed from the kernel's tick counters over a window of at least
 * {@code tasklane.resources.cpu-window-ms} (see {@link CpuWindow}), which costs a read of
 * /proc/stat and never blocks. The JVM heap is read with the same sample (see {@link JvmHeap}).
 */
@ApplicationScoped
public class HostResources {
  private static final double GB = 1024.0 * 1024 * 1024;

  /** At most one requested collection this often: a full GC costs a fraction of a second. */
  static final Duration COLLECTION_INTERVAL = Duration.ofSeconds(10);

  @Inject Clock clock;

  @Inject @ConfigProperties ResourcesConfig config;

  private CentralProcessor processor;
  private GlobalMemory memory;
  private int cores;
  private CpuWindow window;
  private volatile ResourceSnapshot latest;
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong samplingCpuNanos = new AtomicLong();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final HeapGauge heap = new HeapGauge();
  private Instant lastCollection = Instant.MIN; // guarded by this

  @PostConstruct
  void init() {
    var hardware = new SystemInfo().getHardware();
    processor = hardware.getProcessor();
    memory = hardware.getMemory();
    cores = processor.getLogicalProcessorCount();
    Instant now = Instant.now(clock);
    window =
        new CpuWindow(
            Duration.ofMillis(config.cpuWindowMs), ticks(processor.getSystemCpuLoadTicks(), now));
    latest =
        new ResourceSnapshot(
            cores, 0, memory.getTotal() / GB, memory.getAvailable() / GB, now, null, heap.read());
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
            cpu.windowStart(),
            heap.read());
    samples.incrementAndGet();
    samplingCpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpuBefore);
    return latest;
  }

  /**
   * Asks the JVM for a full collection so that the next sample measures the heap's live set afresh,
   * unless one was asked for within {@link #COLLECTION_INTERVAL}.
   *
   * @return whether a collection ran
   */
  public synchronized boolean collectHeap() {
    Instant now = Instant.now(clock);
    if (lastCollection.plus(COLLECTION_INTERVAL).isAfter(now)) {
      return false;
    }
    lastCollection = now;
    heap.collect();
    return true;
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
