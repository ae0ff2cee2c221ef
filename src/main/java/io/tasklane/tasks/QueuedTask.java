package io.tasklane.tasks;

import io.tasklane.resources.ResourceEstimate;
import java.time.Instant;
import java.util.UUID;

/** A queued task as the admission pass needs it. */
public record QueuedTask(
    UUID id, int priority, Instant queuedAt, double estimatedCpuCores, double estimatedRamGb) {

  public ResourceEstimate estimate() {
    return new ResourceEstimate(estimatedCpuCores, estimatedRamGb);
  }
}
