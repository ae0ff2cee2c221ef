package io.tasklane.resources;

import java.time.Instant;

/**
 * One measurement of the host.
 *
 * @param cpuUsage share of all cores busy over the window [{@code windowStart}, {@code sampledAt}],
 *     0 to 1
 * @param availableRamGb RAM the operating system can give without swapping, at {@code sampledAt}
 * @param windowStart when the CPU window opened; null for "at the previous measurement"
 * @param heap this server's JVM heap; null when not measured (fixed snapshots in tests), and then
 *     admission does not check it
 */
public record ResourceSnapshot(
    int totalCores,
    double cpuUsage,
    double totalRamGb,
    double availableRamGb,
    Instant sampledAt,
    Instant windowStart,
    JvmHeap heap) {

  /** A measurement without heap figures. */
  public ResourceSnapshot(
      int totalCores,
      double cpuUsage,
      double totalRamGb,
      double availableRamGb,
      Instant sampledAt,
      Instant windowStart) {
    this(totalCores, cpuUsage, totalRamGb, availableRamGb, sampledAt, windowStart, null);
  }

  /** A measurement whose CPU window opened at the previous one. */
  public ResourceSnapshot(
      int totalCores,
      double cpuUsage,
      double totalRamGb,
      double availableRamGb,
      Instant sampledAt) {
    this(totalCores, cpuUsage, totalRamGb, availableRamGb, sampledAt, null);
  }

  public double availableCores() {
    return totalCores * (1 - cpuUsage);
  }
}
