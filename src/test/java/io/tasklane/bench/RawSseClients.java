package io.tasklane.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many SSE connections on one selector thread, so that the load generator costs little CPU beside
 * the server on a small machine: it parses only the {@code id:} line and the {@code type} and
 * {@code timestamp} of each event's data, and records when each event reached each connection.
 */
final class RawSseClients implements AutoCloseable {
  /** When one event (by id) reached each connection, with its state-change timestamp. */
  static final class Arrivals {
    final Instant changedAt;
    final String type;
    final List<Instant> at = java.util.Collections.synchronizedList(new ArrayList<>());

    Arrivals(Instant changedAt, String type) {
      this.changedAt = changedAt;
      this.type = type;
    }
  }

  private final Selector selector = Selector.open();
  private final List<SocketChannel> channels = new ArrayList<>();
  private final Map<Long, Arrivals> arrivals = new ConcurrentHashMap<>();
  private final AtomicInteger initialStates = new AtomicInteger();
  private final Thread loop;
  private volatile boolean closing;

  RawSseClients(String base, String token, int count) throws IOException {
    URI uri = URI.create(base);
    byte[] request =
        ("GET /api/system/task-events HTTP/1.1\r\nHost: 127.0.0.1:"
                + uri.getPort()
                + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer "
                + token
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < count; i++) {
      SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", uri.getPort()));
      channel.write(ByteBuffer.wrap(request));
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_READ, new Connection());
      channels.add(channel);
    }
    loop = new Thread(this::run, "raw-sse-clients");
    loop.start();
  }

  int initialStates() {
    return initialStates.get();
  }

  Map<Long, Arrivals> arrivals() {
    return arrivals;
  }

  private void run() {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    try {
      while (!closing) {
        selector.select(200);
        Instant now = Instant.now();
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel channel = (SocketChannel) key.channel();
          Connection connection = (Connection) key.attachment();
          buffer.clear();
          int read;
          try {
            read = channel.read(buffer);
          } catch (IOException e) {
            read = -1;
          }
          if (read < 0) {
            key.cancel();
            continue;
          }
          connection.pending.append(new String(buffer.array(), 0, read, StandardCharsets.UTF_8));
          lines(connection, now);
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What has been read of one connection: an incomplete line, and the id of the event being read.
   */
  private static final class Connection {
    final StringBuilder pending = new StringBuilder();
    long lastId;
  }

  /** Consumes the complete lines read so far. */
  private void lines(Connection connection, Instant now) {
    StringBuilder pending = connection.pending;
    int start = 0;
    int newline;
    while ((newline = pending.indexOf("\n", start)) >= 0) {
      String line = pending.substring(start, newline);
      start = newline + 1;
      if (line.startsWith("id: ")) {
        connection.lastId = Long.parseLong(line.substring(4).trim());
      } else if (line.startsWith("data: ")) {
        String type = field(line, "\"type\":\"");
        if ("initial_state".equals(type)) {
          initialStates.incrementAndGet();
        } else if (!"heartbeat".equals(type)) {
          Instant changedAt = Instant.parse(field(line, "\"timestamp\":\""));
          arrivals
              .computeIfAbsent(connection.lastId, id -> new Arrivals(changedAt, type))
              .at
              .add(now);
        }
      }
    }
    pending.delete(0, start);
  }

  private static String field(String line, String prefix) {
    int from = line.indexOf(prefix) + prefix.length();
    return line.substring(from, line.indexOf('"', from));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    closing = true;
    loop.join();
    for (SocketChannel channel : channels) {
      channel.close();
    }
    selector.close();
  }
}
