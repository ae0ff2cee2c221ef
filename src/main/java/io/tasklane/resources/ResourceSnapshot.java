package io.tasklane.resources;

import java.time.Instant;

/**
 * One measurement of the host.
 *
 * @param cpuUsage share of all cores busy over the window [{@code windowStart}, {@code sampledAt}],
 *     0 to 1
 * @param availableRamGb RAM the operating system can give without swapping, at {@code sampledAt}
 * @param windowStart when the CPU window opened; null for "at the previous measurement"
 */
public record ResourceSnapshot(
    int totalCores,
    double cpuUsage,
    double totalRamGb,
    double availableRamGb,
    Instant sampledAt,
    Instant windowStart) {

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
