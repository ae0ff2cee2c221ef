package io.tasklane.events;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event stream on an asynchronous servlet response, written with Servlet non-blocking I/O: bytes
 * are written only while {@code isReady()}, and a write the socket cannot take is completed by the
 * container, which then calls {@link #onWritePossible()}. No thread ever waits for a slow client.
 */
final class ServletEventConnection implements EventConnection, WriteListener, AsyncListener {
  private final AsyncContext async;
  private final ServletOutputStream out;

  /**
   * Who has arrived since the last hand-off: the writer that found the stream not ready, and the
   * container's {@code onWritePossible}. They can come in either order; the second carries on. It
   * starts at one, as if a writer were waiting: the container's first {@code onWritePossible} is
   * what starts the writing.
   */
  private final AtomicInteger arrived = new AtomicInteger(1);

  private final AtomicBoolean open = new AtomicBoolean(true);
  private volatile Listener listener;

  ServletEventConnection(AsyncContext async, ServletOutputStream out) {
    this.async = async;
    this.out = out;
  }

  @Override
  public void start(Listener listener) {
    this.listener = listener;
    async.addListener(this);
    out.setWriteListener(this);
  }

  @Override
  public boolean write(byte[] bytes) throws IOException {
    out.write(bytes);
    return flushed();
  }

  /** Flushes what is buffered; true when it all went out and the stream is ready for more. */
  private boolean flushed() throws IOException {
    while (true) {
      if (out.isReady()) {
        out.flush();
        if (out.isReady()) {
          return true;
        }
      }
      if (!bothArrived()) {
        return false; // onWritePossible will carry on
      }
      // onWritePossible came in between: it is writable again, flush what is left.
    }
  }

  private boolean bothArrived() {
    if (arrived.incrementAndGet() < 2) {
      return false;
    }
    arrived.set(0);
    return true;
  }

  @Override
  public void onWritePossible() throws IOException {
    if (bothArrived() && flushed()) {
      listener.onWritable();
    }
  }

  @Override
  public boolean isOpen() {
    return open.get();
  }

  @Override
  public void close() {
    if (open.compareAndSet(true, false)) {
      try {
        async.complete();
      } catch (IllegalStateException e) {
        // already completed by the container
      }
    }
  }

  private void closed(Throwable cause) {
    open.set(false);
    Listener current = listener;
    if (current != null) {
      current.onClosed(cause);
    }
  }

  @Override
  public void onError(Throwable failure) {
    closed(failure);
  }

  @Override
  public void onComplete(AsyncEvent event) {
    closed(null);
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    closed(event.getThrowable());
  }

  @Override
  public void onError(AsyncEvent event) {
    closed(event.getThrowable());
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // not restarted
  }
}
