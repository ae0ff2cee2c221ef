package io.tasklane.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.support.Fakes;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServletEventConnectionTest {
  /**
   * A non-blocking servlet stream: {@code ready} says whether it takes more, {@code fillsUp} makes
   * the next write leave it not ready, and {@code onNotReady} runs when isReady() answers false
   * (the container may call onWritePossible at any time after).
   */
  static final class FakeStream extends ServletOutputStream {
    final ByteArrayOutputStream flushed = new ByteArrayOutputStream();
    final ByteArrayOutputStream buffered = new ByteArrayOutputStream();
    boolean ready = true;
    boolean fillsUp;
    Runnable onNotReady = () -> {};
    WriteListener listener;
    int writesWhileNotReady;

    @Override
    public boolean isReady() {
      if (!ready) {
        onNotReady.run();
      }
      return ready;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      this.listener = listener;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      if (!ready) {
        writesWhileNotReady++;
      }
      buffered.write(bytes, offset, length);
      if (fillsUp) {
        fillsUp = false;
        ready = false;
      }
    }

    @Override
    public void flush() throws IOException {
      buffered.writeTo(flushed);
      buffered.reset();
    }

    String text() {
      return flushed.toString(StandardCharsets.UTF_8);
    }
  }

  /** Counts what the client would be told. */
  static final class Told implements EventConnection.Listener {
    int writable;
    final List<Throwable> closed = new ArrayList<>();

    @Override
    public void onWritable() {
      writable++;
    }

    @Override
    public void onClosed(Throwable cause) {
      closed.add(cause);
    }
  }

  final FakeStream out = new FakeStream();
  final List<AsyncListener> asyncListeners = new ArrayList<>();
  final AtomicInteger completions = new AtomicInteger();
  final AsyncContext async =
      Fakes.of(
          AsyncContext.class,
          Map.of(
              "addListener", args -> asyncListeners.add((AsyncListener) args[0]),
              "complete", args -> completions.incrementAndGet()));
  final ServletEventConnection connection = new ServletEventConnection(async, out);
  final Told told = new Told();

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  void started() throws IOException {
    connection.start(told);
    assertSame(connection, out.listener);
    out.listener.onWritePossible(); // the container's first call
  }

  @Test
  void the_containers_first_on_write_possible_starts_the_writer() throws IOException {
    connection.start(told);
    assertEquals(0, told.writable);
    out.listener.onWritePossible();
    assertEquals(1, told.writable);
    assertEquals(List.of(connection), asyncListeners, "told when the response ends");
  }

  @Test
  void a_write_the_socket_takes_is_flushed_at_once() throws IOException {
    started();
    assertTrue(connection.write(bytes("id: 1\n\n")));
    assertEquals("id: 1\n\n", out.text());
  }

  @Test
  void a_write_the_socket_cannot_take_waits_for_on_write_possible_then_flushes_and_carries_on()
      throws IOException {
    started();
    out.fillsUp = true; // the socket takes only part of it
    assertFalse(connection.write(bytes("id: 1\n\n")));
    assertEquals("", out.text());
    assertEquals(1, told.writable, "the writer is not told to go on yet");

    out.ready = true;
    out.listener.onWritePossible();
    assertEquals("id: 1\n\n", out.text(), "what was left in the buffer went out");
    assertEquals(2, told.writable);
    assertEquals(0, out.writesWhileNotReady, "never written while not ready");
  }

  @Test
  void on_write_possible_arriving_before_the_writer_gives_up_lets_the_writer_carry_on()
      throws IOException {
    started();
    out.fillsUp = true;
    out.onNotReady =
        () -> {
          // the container becomes writable again and calls back at once, on its own thread
          out.ready = true;
          out.onNotReady = () -> {};
          try {
            out.listener.onWritePossible();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        };
    assertTrue(connection.write(bytes("id: 1\n\n")), "the writer goes on: nobody else will");
    assertEquals("id: 1\n\n", out.text());
    assertEquals(1, told.writable, "and the callback did not start a second writer");
    assertEquals(0, out.writesWhileNotReady);
  }

  @Test
  void close_completes_the_response_once_and_reports_the_end() throws IOException {
    connection.start(told);
    connection.close();
    connection.close();
    assertEquals(1, completions.get());
    assertFalse(connection.isOpen());
    asyncListeners.get(0).onComplete(new AsyncEvent(async));
    assertEquals(1, told.closed.size());
    assertNull(told.closed.get(0));
  }

  @Test
  void a_write_error_or_a_dropped_connection_is_reported_as_closed() throws IOException {
    connection.start(told);
    IOException reset = new IOException("Connection reset by peer");
    out.listener.onError(reset);
    assertFalse(connection.isOpen());
    asyncListeners.get(0).onError(new AsyncEvent(async, reset));
    assertEquals(List.of(reset, reset), told.closed);
  }
}
