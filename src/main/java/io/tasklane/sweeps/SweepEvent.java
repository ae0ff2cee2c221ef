package io.tasklane.sweeps;

import jakarta.json.JsonArray;
import java.time.Instant;
import java.util.UUID;

/**
 * A sweep's progress, fired inside the transaction that stored it (so the event exists exactly when
 * the change committed); {@code io.tasklane.events} turns it into a wire frame for the sweep's
 * owner and the admins.
 */
public sealed interface SweepEvent {
  UUID sweepId();

  /** The sweep's owner: who may see the event besides admins. */
  String userId();

  Instant timestamp();

  /** More results stored; at most a few a second per sweep. */
  record Progressed(UUID sweepId, String userId, int combinations, long done, Instant timestamp)
      implements SweepEvent {}

  /**
   * Every chunk ended.
   *
   * @param status {@code completed}, {@code failed} or {@code cancelled}
   * @param top the best results by the sweep's ranking, best first
   */
  record Completed(
      UUID sweepId,
      String userId,
      String status,
      int combinations,
      long done,
      String rankBy,
      JsonArray top,
      Instant timestamp)
      implements SweepEvent {}
}
