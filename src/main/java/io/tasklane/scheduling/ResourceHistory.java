package io.tasklane.scheduling;

import io.tasklane.resources.HostResources;
import io.tasklane.resources.JvmHeap;
import io.tasklane.resources.ResourceSnapshot;
import io.tasklane.system.SampleRing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;

/**
 * This instance's CPU, RAM and heap over the last hour, one reading every five seconds (at most 721
 * kept), so the admin's chart is full after a page reload. Readings are the scheduler's own
 * samples: keeping them costs no measurement.
 */
@ApplicationScoped
public class ResourceHistory implements Housekeeping {
  static final Duration WINDOW = Duration.ofHours(1);
  static final Duration SPACING = Duration.ofSeconds(5);

  /** Percentages of the whole: CPU of all cores, RAM of the host's, heap of the JVM's maximum. */
  public record Reading(double cpuPercent, double ramPercent, Double heapPercent) {}

  @Inject HostResources host;

  private final SampleRing<Reading> ring = new SampleRing<>(WINDOW, SPACING);

  @Override
  public String name() {
    return "resource history";
  }

  @Override
  public Duration every() {
    return SPACING;
  }

  @Override
  public void run() {
    ResourceSnapshot s = host.latest();
    if (s != null) {
      ring.add(s.sampledAt(), reading(s));
    }
  }

  public List<SampleRing.Sample<Reading>> samples() {
    return ring.samples();
  }

  static Reading reading(ResourceSnapshot s) {
    JvmHeap heap = s.heap();
    return new Reading(
        round(s.cpuUsage() * 100),
        round(100 * (1 - s.availableRamGb() / s.totalRamGb())),
        heap == null || heap.maxGb() <= 0 ? null : round(100 * heap.usedGb() / heap.maxGb()));
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
