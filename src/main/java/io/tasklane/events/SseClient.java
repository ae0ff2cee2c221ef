package io.tasklane.events;

import io.tasklane.security.Caller;
import io.tasklane.security.VerifiedToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open stream. Frames wait in a bounded queue of its own; at most one writer at a time takes
 * what is pending, joins it into one write, and hands it to the connection, which never blocks. A
 * write the socket cannot take keeps the writer role until the connection says it drained, so a
 * slow client holds no thread and only its own queue: it never delays the others. A client whose
 * queue overflows is closed (it reconnects with {@code Last-Event-ID} and is replayed what it
 * missed) rather than allowed to grow without bound; so is one whose write fails or whose
 * connection closes, and it leaves the hub at once.
 */
final class SseClient implements EventConnection.Listener {
  private static final Logger LOG = Logger.getLogger(SseClient.class.getName());

  /** At most this much is joined into one write (a single larger frame goes alone). */
  static final int MAX_WRITE_BYTES = 64 * 1024;

  private final EventConnection connection;
  private final Caller caller;
  private final Instant expiresAt;
  private final Long tokenGeneration;
  private final BlockingQueue<SseFrame> queue;
  private final Executor closer;
  private final Consumer<SseClient> onClose;

  /**
   * The writer role. Held from the start until the connection is first writable (frames queue up
   * meanwhile), then by whoever writes, and across a write the socket has not taken yet.
   */
  private final AtomicBoolean writing = new AtomicBoolean(true);

  private final AtomicBoolean closed = new AtomicBoolean();

  // Touched only by the holder of the writer role (or by the subscriber before start()).
  /** The initial state, or the replay of missed events: written before anything queued. */
  private final Queue<SseFrame> preamble = new ArrayDeque<>();

  private final List<SseFrame> batch = new ArrayList<>();
  private SseFrame carried;
  private long lastSentId;

  /**
   * @param closer where connections are closed: closing may flush, which the hub must not wait for
   * @param onClose told once when the client closes, whatever closed it
   */
  SseClient(
      EventConnection connection,
      VerifiedToken token,
      int capacity,
      Executor closer,
      Consumer<SseClient> onClose) {
    this.connection = connection;
    this.caller = token.caller();
    this.expiresAt = token.expiresAt();
    this.tokenGeneration = token.tokenGeneration();
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.closer = closer;
    this.onClose = onClose;
  }

  boolean isAdmin() {
    return caller.admin();
  }

  String user() {
    return caller.name();
  }

  /** The generation its token carries; null for an external issuer's token. */
  Long tokenGeneration() {
    return tokenGeneration;
  }

  /** Whether this client may see events of {@code owner}'s tasks. */
  boolean sees(String owner) {
    return caller.admin() || caller.name().equals(owner);
  }

  boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  boolean isClosed() {
    return closed.get() || !connection.isOpen();
  }

  /**
   * The client already has everything up to {@code id}: later copies of it are not sent. Before
   * {@link #start()}.
   */
  void resumeAfter(long id) {
    lastSentId = Math.max(lastSentId, id);
  }

  /** A frame written before any queued one (initial state, replay). Before {@link #start()}. */
  void prepend(SseFrame frame) {
    preamble.add(frame);
  }

  /** Lets frames flow once the connection is writable: the preamble first, then the queue. */
  void start() {
    connection.start(this);
  }

  /**
   * Queues a frame; closes the client if its queue is full (it stopped reading). The frame is
   * written by the next {@link #flush()} (or by the writer already at work).
   */
  void offer(SseFrame frame) {
    if (closed.get()) {
      return;
    }
    if (!queue.offer(frame)) {
      close("it fell " + queue.size() + " events behind");
    }
  }

  /** Writes what is queued, unless another writer is at it (it will) or a write is pending. */
  void flush() {
    if (!closed.get() && !queue.isEmpty() && writing.compareAndSet(false, true)) {
      pump();
    }
  }

  @Override
  public void onWritable() {
    pump(); // the role was held across the write the socket could not take
  }

  @Override
  public void onClosed(Throwable cause) {
    close(cause == null ? "its connection closed" : "its connection failed: " + cause);
  }

  /**
   * Drops a client that never started (its subscription failed): it leaves the hub, and the
   * connection is left to whoever answers the failed request. Idempotent with {@link #close}.
   */
  void abandon() {
    if (closed.compareAndSet(false, true)) {
      queue.clear();
      onClose.accept(this);
    }
  }

  /** Drops the client at once; idempotent. */
  void close(String why) {
    if (closed.compareAndSet(false, true)) {
      LOG.log(Level.FINE, "Closing an event stream of {0}: {1}", new Object[] {caller.name(), why});
      queue.clear();
      onClose.accept(this);
      try {
        closer.execute(connection::close);
      } catch (RejectedExecutionException e) {
        connection.close();
      }
    }
  }

  /** Writes while there is something to write; the caller holds the writer role. */
  private void pump() {
    try {
      while (!closed.get()) {
        byte[] bytes = nextWrite();
        if (bytes == null) {
          writing.set(false);
          // A frame offered after the last poll but before the release still gets a writer.
          if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
            return;
          }
        } else if (!connection.write(bytes)) {
          return; // the connection calls onWritable once the socket took it
        }
      }
    } catch (IOException | RuntimeException e) {
      close("a write failed: " + e);
    }
  }

  /** The pending frames this client has not had, joined up to {@link #MAX_WRITE_BYTES}; or null. */
  private byte[] nextWrite() {
    int length = 0;
    SseFrame frame;
    while ((frame = take()) != null) {
      if (!batch.isEmpty() && length + frame.bytes().length > MAX_WRITE_BYTES) {
        carried = frame; // first of the next write
        break;
      }
      batch.add(frame);
      length += frame.bytes().length;
    }
    if (batch.isEmpty()) {
      return null;
    }
    byte[] joined = batch.size() == 1 ? batch.get(0).bytes() : join(batch, length);
    batch.clear();
    return joined;
  }

  /** The next frame to send, in order; moves the client's position past it. */
  private SseFrame take() {
    SseFrame frame = carried;
    if (frame != null) {
      carried = null;
      return frame;
    }
    while ((frame = preamble.isEmpty() ? queue.poll() : preamble.poll()) != null) {
      if (frame.isNewTo(lastSentId)) {
        if (frame.carriesPosition()) {
          lastSentId = frame.id();
        }
        return frame;
      }
    }
    return null;
  }

  private static byte[] join(List<SseFrame> frames, int length) {
    byte[] joined = new byte[length];
    int at = 0;
    for (SseFrame frame : frames) {
      byte[] bytes = frame.bytes();
      System.arraycopy(bytes, 0, joined, at, bytes.length);
      at += bytes.length;
    }
    return joined;
  }
}
