package io.tasklane.resources;

import java.time.Instant;

/**
 * One measurement of the host.
 *
 * @param cpuUsage share of all cores busy over the interval before {@code sampledAt}, 0 to 1
 * @param availableRamGb RAM the operating system can give without swapping
 */
public record ResourceSnapshot(
    int totalCores, double cpuUsage, double totalRamGb, double availableRamGb, Instant sampledAt) {

  public double availableCores() {
    return totalCores * (1 - cpuUsage);
  }
}
