package io.tasklane.events;

import io.tasklane.security.Caller;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open stream. Events wait in a bounded queue of its own and are written by at most one sender
 * task at a time on the hub's executor, so a slow or stalled client holds at most one sender thread
 * and its own queue: it never delays the others. A client whose queue overflows is closed (it
 * reconnects with {@code Last-Event-ID} and is replayed what it missed) rather than allowed to grow
 * without bound; so is one whose write fails or whose sink is found closed.
 */
final class SseClient {
  private static final Logger LOG = Logger.getLogger(SseClient.class.getName());

  /**
   * An event for this client and its stream position. A heartbeat carries the position reached so
   * far, which the client may already have.
   */
  record Outgoing(long id, OutboundSseEvent event, boolean heartbeat) {}

  private final SseEventSink sink;
  private final Caller caller;
  private final Instant expiresAt;
  private final BlockingQueue<Outgoing> queue;
  private final Executor senders;
  private final Consumer<SseClient> onClose;
  private final AtomicBoolean sending = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean started;

  /** Highest id written; written only by the one sender (or the subscriber before start). */
  private volatile long lastSentId;

  SseClient(
      SseEventSink sink,
      Caller caller,
      Instant expiresAt,
      int capacity,
      Executor senders,
      Consumer<SseClient> onClose) {
    this.sink = sink;
    this.caller = caller;
    this.expiresAt = expiresAt;
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.senders = senders;
    this.onClose = onClose;
  }

  boolean isAdmin() {
    return caller.admin();
  }

  /** Whether this client may see events of {@code owner}'s tasks. */
  boolean sees(String owner) {
    return caller.admin() || caller.name().equals(owner);
  }

  boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  boolean isClosed() {
    return closed.get() || sink.isClosed();
  }

  /** The client already has everything up to {@code id}: later copies of it are not sent. */
  void resumeAfter(long id) {
    lastSentId = Math.max(lastSentId, id);
  }

  /** Queues an event; closes the client if its queue is full (it stopped reading). */
  void offer(Outgoing event) {
    if (closed.get()) {
      return;
    }
    if (!queue.offer(event)) {
      close("it fell " + queue.size() + " events behind");
      return;
    }
    if (started) {
      schedule();
    }
  }

  /**
   * Writes an event now, on the caller's thread: only for the replay and the initial state, before
   * {@link #start()}, while no sender runs.
   */
  boolean sendDirect(Outgoing event) {
    return write(event);
  }

  /** Lets queued and later events flow (after the replay). */
  void start() {
    started = true;
    schedule();
  }

  /**
   * Drops the client at once; its sink is closed on a sender thread, because closing a stalled
   * connection may block and the caller may be the hub, holding its lock.
   */
  void close(String why) {
    if (closed.compareAndSet(false, true)) {
      LOG.log(Level.FINE, "Closing an event stream of {0}: {1}", new Object[] {caller.name(), why});
      queue.clear();
      onClose.accept(this);
      try {
        senders.execute(this::closeSink);
      } catch (RejectedExecutionException e) {
        closeSink();
      }
    }
  }

  private void closeSink() {
    try {
      sink.close();
    } catch (RuntimeException e) {
      // already gone
    }
  }

  private void schedule() {
    if (!queue.isEmpty() && sending.compareAndSet(false, true)) {
      try {
        senders.execute(this::drain);
      } catch (RejectedExecutionException e) {
        sending.set(false);
        close("the server is shutting down");
      }
    }
  }

  private void drain() {
    try {
      Outgoing next;
      while (!closed.get() && (next = queue.poll()) != null) {
        // An event the replay already sent (or older) is never sent twice, and a heartbeat
        // never moves the client's Last-Event-ID backwards.
        if (next.heartbeat() ? next.id() >= lastSentId : next.id() > lastSentId) {
          if (!write(next)) {
            return;
          }
        }
      }
    } finally {
      sending.set(false);
    }
    // An event offered between the last poll and the release above still gets a sender.
    if (!closed.get()) {
      schedule();
    }
  }

  private boolean write(Outgoing event) {
    if (isClosed()) {
      close("its connection is closed");
      return false;
    }
    try {
      CompletableFuture<?> sent = sink.send(event.event()).toCompletableFuture();
      if (sent.isCompletedExceptionally()) {
        close("a write failed");
        return false;
      }
      if (!sent.isDone()) {
        sent.whenComplete(
            (ok, failure) -> {
              if (failure != null) {
                close("a write failed");
              }
            });
      }
    } catch (RuntimeException e) {
      close("a write failed: " + e);
      return false;
    }
    lastSentId = Math.max(lastSentId, event.id());
    return true;
  }
}
