package io.tasklane.tasks;

import java.time.Instant;
import java.util.UUID;

/** A queued task at the head of its lane, and until when it was told to wait. */
public record LaneEntry(UUID id, Instant notBefore) {
  public boolean waitingAt(Instant now) {
    return notBefore != null && notBefore.isAfter(now);
  }
}
