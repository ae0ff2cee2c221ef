package io.tasklane.events;

import java.nio.charset.StandardCharsets;

/**
 * One Server-Sent Events message as the UTF-8 bytes that go on the wire. An event is encoded once
 * per audience (users, admins) and the same bytes are handed to every client of it, so fan-out
 * costs a copy at most, never a serialisation per client.
 */
final class SseFrame {
  /** How a frame's id relates to the stream position, which decides whether a client gets it. */
  enum Kind {
    /** A stored event: sent only to a client that does not have its id yet. */
    EVENT,
    /** Initial state or heartbeat: repeats the position reached, which the client may have. */
    POSITION,
    /** A comment: carries no position, always sent. */
    COMMENT
  }

  private static final long NO_RETRY = -1;

  private final long id;
  private final Kind kind;
  private final byte[] bytes;

  private SseFrame(long id, Kind kind, String wire) {
    this.id = id;
    this.kind = kind;
    this.bytes = wire.getBytes(StandardCharsets.UTF_8);
  }

  /** A stored event with its outbox id. */
  static SseFrame event(long id, String data) {
    return new SseFrame(id, Kind.EVENT, message(id, NO_RETRY, data));
  }

  /** A heartbeat at the position reached. */
  static SseFrame heartbeat(long position, String data) {
    return new SseFrame(position, Kind.POSITION, message(position, NO_RETRY, data));
  }

  /** A stream's first message: the initial state at the position reached, with the retry hint. */
  static SseFrame initial(long position, long retryMs, String data) {
    return new SseFrame(position, Kind.POSITION, message(position, retryMs, data));
  }

  /**
   * A comment (ignored by EventSource), with the retry hint when {@code retryMs} is not negative.
   */
  static SseFrame comment(String text, long retryMs) {
    StringBuilder wire = new StringBuilder();
    lines(wire, ": ", text);
    retry(wire, retryMs);
    return new SseFrame(0, Kind.COMMENT, wire.append('\n').toString());
  }

  long id() {
    return id;
  }

  byte[] bytes() {
    return bytes;
  }

  /**
   * Whether a client that has everything up to {@code lastSentId} gets this frame: an event id is
   * never sent twice, and a position never moves the client's Last-Event-ID backwards.
   */
  boolean isNewTo(long lastSentId) {
    return switch (kind) {
      case EVENT -> id > lastSentId;
      case POSITION -> id >= lastSentId;
      case COMMENT -> true;
    };
  }

  /** Whether sending this frame moves the client's position to {@link #id()}. */
  boolean carriesPosition() {
    return kind != Kind.COMMENT;
  }

  @Override
  public String toString() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String message(long id, long retryMs, String data) {
    StringBuilder wire = new StringBuilder(data.length() + 32);
    wire.append("id: ").append(id).append('\n');
    retry(wire, retryMs);
    lines(wire, "data: ", data);
    return wire.append('\n').toString();
  }

  private static void retry(StringBuilder wire, long retryMs) {
    if (retryMs >= 0) {
      wire.append("retry: ").append(retryMs).append('\n');
    }
  }

  /** One field line per line of {@code text}: a bare line break would end the field early. */
  private static void lines(StringBuilder wire, String field, String text) {
    for (String line : text.split("\r\n|\r|\n", -1)) {
      wire.append(field).append(line).append('\n');
    }
  }
}
