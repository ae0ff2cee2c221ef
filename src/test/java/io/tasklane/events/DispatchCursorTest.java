package io.tasklane.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatchCursorTest {
  static final Duration GRACE = Duration.ofSeconds(2);
  static final Instant T0 = Instant.parse("2026-01-15T10:30:00Z");

  static List<StoredEvent> rows(long... ids) {
    return Arrays.stream(ids).mapToObj(id -> new StoredEvent(id, "u", "{}")).toList();
  }

  static List<Long> ids(List<StoredEvent> events) {
    return events.stream().map(StoredEvent::id).toList();
  }

  @Test
  void consecutive_rows_are_handed_on_at_once_in_order() {
    DispatchCursor cursor = new DispatchCursor(10, GRACE);
    assertEquals(List.of(11L, 12L, 13L), ids(cursor.advance(rows(11, 12, 13), T0)));
    assertEquals(13, cursor.position());
  }

  @Test
  void a_row_behind_a_hole_waits_until_the_hole_fills() {
    DispatchCursor cursor = new DispatchCursor(10, GRACE);
    // 12 committed before 11: 11's transaction is still open.
    assertEquals(List.of(), ids(cursor.advance(rows(12), T0)));
    assertEquals(10, cursor.position());
    assertEquals(List.of(11L, 12L), ids(cursor.advance(rows(11, 12), T0.plusMillis(30))));
  }

  @Test
  void rows_before_a_hole_go_and_the_rest_waits() {
    DispatchCursor cursor = new DispatchCursor(10, GRACE);
    assertEquals(List.of(11L), ids(cursor.advance(rows(11, 13, 14), T0)));
    assertEquals(11, cursor.position());
  }

  @Test
  void a_hole_left_by_a_rolled_back_transaction_is_stepped_over_after_the_grace_period() {
    DispatchCursor cursor = new DispatchCursor(10, GRACE);
    assertEquals(List.of(), ids(cursor.advance(rows(12, 13), T0)));
    assertEquals(List.of(), ids(cursor.advance(rows(12, 13), T0.plusMillis(1999))));
    assertEquals(List.of(12L, 13L), ids(cursor.advance(rows(12, 13), T0.plus(GRACE))));
    assertEquals(13, cursor.position());
  }

  @Test
  void each_new_hole_gets_its_own_grace_period() {
    DispatchCursor cursor = new DispatchCursor(10, GRACE);
    cursor.advance(rows(12), T0);
    assertEquals(List.of(12L), ids(cursor.advance(rows(12, 14), T0.plus(GRACE))));
    assertEquals(List.of(), ids(cursor.advance(rows(14), T0.plus(GRACE).plusMillis(10))));
  }

  @Test
  void rows_at_or_before_the_position_are_never_handed_on_twice() {
    DispatchCursor cursor = new DispatchCursor(10, GRACE);
    assertEquals(List.of(11L), ids(cursor.advance(rows(9, 10, 11), T0)));
  }
}
