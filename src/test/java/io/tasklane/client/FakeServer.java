package io.tasklane.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A stand-in for the server on 127.0.0.1, for the client's unit tests: each test says how a path
 * answers and reads back what the client sent.
 */
final class FakeServer implements AutoCloseable {
  /** What the client sent. */
  record Request(
      String method,
      String uri,
      String authorization,
      String contentType,
      String body,
      String lastEventId) {}

  interface Answer {
    void answer(HttpExchange exchange) throws IOException;
  }

  private final HttpServer http;
  final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

  FakeServer() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.setExecutor(Executors.newCachedThreadPool());
    http.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
  }

  /** How {@code path} (and below) answers from now on, replacing any earlier answer. */
  void on(String path, Answer answer) {
    try {
      http.removeContext(path);
    } catch (IllegalArgumentException none) {
      // the first answer for this path
    }
    http.createContext(
        path,
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          requests.add(
              new Request(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().toString(),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  new String(body, StandardCharsets.UTF_8),
                  exchange.getRequestHeaders().getFirst("Last-Event-ID")));
          try {
            answer.answer(exchange);
          } finally {
            exchange.close();
          }
        });
  }

  static void json(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, "application/json", body);
  }

  static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Starts an event stream; the caller writes frames with {@link #frame}. */
  static OutputStream stream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    return exchange.getResponseBody();
  }

  static void frame(OutputStream out, long id, String data) throws IOException {
    out.write(("id: " + id + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
