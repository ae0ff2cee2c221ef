package io.tasklane.scheduling;

import io.tasklane.resources.ResourceEstimate;
import io.tasklane.resources.ResourceSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bridges the gap between admitting a task and seeing it in the measurements. A CPU sample averages
 * the interval before it, so a task started within {@code window} of the latest sample is not
 * (fully) in it yet: its predicted consumption is reserved on top of the measurement. A task that
 * finished after the sample, having been fully visible in it, is credited back, so the next queued
 * task can start at once instead of waiting for the next sample.
 *
 * <p>It holds only this instance's executions, which is what its host's measurements cover.
 */
@ApplicationScoped
public class ResourceLedger {
  private record Entry(ResourceEstimate estimate, Instant started, Instant finished) {}

  private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();

  /** What is free for the next admission, in cores and GB. */
  public record Budget(double cores, double ramGb) {
    Budget minus(ResourceEstimate predicted) {
      return new Budget(cores - predicted.cpuCores(), ramGb - predicted.ramGb());
    }
  }

  public void started(UUID id, ResourceEstimate estimate, Instant at) {
    entries.put(id, new Entry(estimate, at, null));
  }

  public void finished(UUID id, Instant at) {
    entries.computeIfPresent(id, (key, entry) -> new Entry(entry.estimate(), entry.started(), at));
  }

  public int running() {
    int n = 0;
    for (Entry entry : entries.values()) {
      if (entry.finished() == null) {
        n++;
      }
    }
    return n;
  }

  /**
   * @param factor the share of an estimate counted as consumed
   */
  public Budget available(ResourceSnapshot snapshot, Duration window, double factor) {
    Instant visibleBefore = snapshot.sampledAt().minus(window);
    double cores = snapshot.availableCores();
    double ram = snapshot.availableRamGb();
    for (var it = entries.entrySet().iterator(); it.hasNext(); ) {
      Entry entry = it.next().getValue();
      boolean fullyMeasured = !entry.started().isAfter(visibleBefore);
      if (entry.finished() == null) {
        if (!fullyMeasured) {
          cores -= entry.estimate().cpuCores() * factor;
          ram -= entry.estimate().ramGb() * factor;
        }
      } else if (entry.finished().isAfter(snapshot.sampledAt())) {
        if (fullyMeasured) {
          cores += entry.estimate().cpuCores() * factor;
          ram += entry.estimate().ramGb() * factor;
        }
      } else {
        it.remove(); // the measurement already shows it gone
      }
    }
    return new Budget(Math.min(cores, snapshot.totalCores()), Math.min(ram, snapshot.totalRamGb()));
  }
}
