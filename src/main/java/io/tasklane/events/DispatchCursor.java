package io.tasklane.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the relay is in the outbox, and which new rows it may hand on. Outbox ids come from a
 * database sequence when a transaction writes its row, but transactions commit in any order: row 8
 * can be visible while row 7 is still uncommitted. Handing on 8 at once would lose 7 for every
 * client (their cursor is already past it), so the relay stops at a hole and waits for it to fill.
 * A hole that stays open longer than the grace period belonged to a transaction that rolled back
 * (its id is never used) and is stepped over.
 */
final class DispatchCursor {
  private final Duration grace;
  private long position;
  private Instant holeSeenAt;

  DispatchCursor(long position, Duration grace) {
    this.position = position;
    this.grace = grace;
  }

  /** The last id handed on; every later event has a greater id. */
  long position() {
    return position;
  }

  /**
   * The rows that may be handed on now, in order, from {@code rows} (ids ascending, all read after
   * {@link #position()}); advances the position past them.
   */
  List<StoredEvent> advance(List<StoredEvent> rows, Instant now) {
    List<StoredEvent> ready = new ArrayList<>();
    for (StoredEvent row : rows) {
      if (row.id() <= position) {
        continue;
      }
      if (row.id() != position + 1) {
        if (holeSeenAt == null) {
          holeSeenAt = now;
        }
        if (Duration.between(holeSeenAt, now).compareTo(grace) < 0) {
          break;
        }
      }
      ready.add(row);
      position = row.id();
      holeSeenAt = null;
    }
    return ready;
  }
}
