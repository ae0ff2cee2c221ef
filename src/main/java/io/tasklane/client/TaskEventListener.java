package io.tasklane.client;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.sse.InboundSseEvent;
import jakarta.ws.rs.sse.SseEventSource;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Listens to {@code GET /api/system/task-events} on a JAX-RS {@link SseEventSource} and hands each
 * message, typed, to a consumer. It resumes where it was: every (re)connection, whether the JAX-RS
 * implementation's own or this listener's after the source gave up (the server ends a stream when
 * its token expires), sends {@code Last-Event-ID} with the last position received, so the server
 * replays exactly the events missed. The bearer token comes from the client's filter on each
 * connection, so a reconnection carries a renewed one.
 */
public final class TaskEventListener implements AutoCloseable {
  /** How long to wait before reopening a stream the source closed. */
  static final Duration REOPEN_AFTER = Duration.ofSeconds(1);

  private final WebTarget target;
  private final Consumer<TaskEvent> consumer;
  private final Consumer<Throwable> errors;
  private final Runnable unauthorized;
  private final ScheduledExecutorService reopener =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "tasklane-events-reopen");
            thread.setDaemon(true);
            return thread;
          });
  private volatile Long lastEventId;
  private volatile boolean closed;
  private volatile SseEventSource source;

  TaskEventListener(
      WebTarget events,
      Long resumeAfter,
      Consumer<TaskEvent> consumer,
      Consumer<Throwable> errors,
      Runnable unauthorized) {
    this.lastEventId = resumeAfter;
    this.unauthorized = unauthorized;
    this.consumer = consumer;
    this.errors = errors;
    this.target = events.register(new ResumeFilter());
  }

  /** Connects; events arrive on the implementation's thread. */
  synchronized TaskEventListener open() {
    if (closed) {
      return this;
    }
    SseEventSource opened = SseEventSource.target(target).build();
    source = opened;
    // A closed source may still report its end: only the current one's end reopens.
    opened.register(
        this::received,
        failure -> {
          if (opened == source) {
            failed(failure);
          }
        },
        () -> {
          if (opened == source) {
            reopenLater();
          }
        });
    opened.open();
    return this;
  }

  /** The position of the last event received: where a new listener can resume. */
  public Long lastEventId() {
    return lastEventId;
  }

  private void received(InboundSseEvent event) {
    String data = event.readData();
    if (data == null || data.isBlank()) {
      return; // a comment or a bare retry: line
    }
    TaskEvent typed = TaskEvent.decode(event.getId(), data);
    if (typed.id() != null) {
      lastEventId = typed.id();
    }
    try {
      consumer.accept(typed);
    } catch (RuntimeException failure) {
      errors.accept(failure); // a consumer's bug must not end the stream
    }
  }

  private void failed(Throwable failure) {
    if (failure instanceof WebApplicationException refused
        && refused.getResponse().getStatus() == 401) {
      unauthorized.run(); // the token ended early (revoked): the next connection signs in anew
    }
    errors.accept(failure);
    reopenLater();
  }

  private void reopenLater() {
    if (!closed) {
      reopener.schedule(this::reopen, REOPEN_AFTER.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void reopen() {
    if (closed) {
      return;
    }
    SseEventSource previous = source;
    source = null;
    if (previous != null) {
      previous.close(1, TimeUnit.SECONDS);
    }
    open();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (source != null) {
        source.close(1, TimeUnit.SECONDS);
      }
    }
    reopener.shutdownNow();
  }

  /** Puts the last position received on every connection this listener's target makes. */
  private final class ResumeFilter implements ClientRequestFilter {
    @Override
    public void filter(ClientRequestContext request) {
      Long last = lastEventId;
      if (last != null) {
        request.getHeaders().putSingle("Last-Event-ID", String.valueOf(last));
      }
    }
  }
}
