package io.tasklane.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseFrameTest {
  @Test
  void an_event_is_an_id_line_a_data_line_and_a_blank_line() {
    assertEquals("id: 42\ndata: {\"type\":\"task_queued\"}\n\n", wire(SseFrame.event(42, q())));
  }

  @Test
  void the_initial_state_carries_the_retry_hint_after_its_id() {
    assertEquals("id: 7\nretry: 3000\ndata: {}\n\n", wire(SseFrame.initial(7, 3000, "{}")));
  }

  @Test
  void a_heartbeat_has_no_retry_line() {
    assertEquals("id: 7\ndata: {}\n\n", wire(SseFrame.heartbeat(7, "{}")));
  }

  @Test
  void every_line_of_multi_line_data_becomes_its_own_data_line() {
    assertEquals(
        "id: 1\ndata: a\ndata: b\ndata: \ndata: c\ndata: d\n\n",
        wire(SseFrame.event(1, "a\nb\n\rc\r\nd")));
  }

  @Test
  void a_comment_frame_is_a_colon_line_with_an_optional_retry() {
    assertEquals(": resumed\n\n", wire(SseFrame.comment("resumed", -1)));
    assertEquals(": resumed\nretry: 3000\n\n", wire(SseFrame.comment("resumed", 3000)));
  }

  @Test
  void data_is_encoded_as_utf8_once_and_the_same_bytes_are_shared() {
    SseFrame frame = SseFrame.event(3, "{\"d\":\"Zürich €\"}");
    assertArrayEquals(
        "id: 3\ndata: {\"d\":\"Zürich €\"}\n\n".getBytes(StandardCharsets.UTF_8), frame.bytes());
    assertSame(frame.bytes(), frame.bytes());
  }

  @Test
  void an_event_is_new_only_past_the_last_id_sent_and_a_position_also_at_it() {
    assertTrue(SseFrame.event(5, "{}").isNewTo(4));
    assertFalse(SseFrame.event(5, "{}").isNewTo(5));
    assertTrue(SseFrame.heartbeat(5, "{}").isNewTo(5));
    assertFalse(SseFrame.heartbeat(5, "{}").isNewTo(6));
    assertTrue(SseFrame.comment("resumed", -1).isNewTo(Long.MAX_VALUE));
    assertFalse(SseFrame.comment("resumed", -1).carriesPosition());
  }

  private static String q() {
    return "{\"type\":\"task_queued\"}";
  }

  private static String wire(SseFrame frame) {
    return new String(frame.bytes(), StandardCharsets.UTF_8);
  }
}
