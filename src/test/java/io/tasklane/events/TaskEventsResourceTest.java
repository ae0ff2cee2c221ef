package io.tasklane.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TaskEventsResourceTest {
  @Test
  void the_header_token_wins_over_the_query_token() {
    assertEquals("h", TaskEventsResource.bearer("Bearer h", "q"));
    assertEquals("h", TaskEventsResource.bearer("bearer h", null));
    assertEquals("q", TaskEventsResource.bearer(null, "q"));
    assertEquals("q", TaskEventsResource.bearer("Basic abc", "q"));
    assertNull(TaskEventsResource.bearer(null, null));
  }

  @Test
  void only_a_non_negative_number_is_a_resumable_position() {
    assertEquals(42L, TaskEventsResource.position("42"));
    assertEquals(42L, TaskEventsResource.position(" 42 "));
    assertNull(TaskEventsResource.position(null));
    assertNull(TaskEventsResource.position(""));
    assertNull(TaskEventsResource.position("-1"));
    assertNull(TaskEventsResource.position("abc"));
  }
}
