package io.tasklane.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 proxy on loopback between a client and a server, for faults a server cannot make by
 * itself: it forwards a request, lets the server process it, and then resets the client's
 * connection instead of relaying the answer (what a client sees when the network breaks after the
 * server did the work); or it answers 500 for a while without forwarding (an outage). It counts the
 * requests that reach it per path, and which of them came with a streamed (chunked) body.
 *
 * <p>One request per client connection: the proxy answers with {@code Connection: close}.
 */
public final class FaultyProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int upstreamPort;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> chunked = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> resets = new ConcurrentHashMap<>();
  private final Map<String, Integer> resetEvery = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> resetCounters = new ConcurrentHashMap<>();
  private volatile Instant outageUntil = Instant.EPOCH;

  private FaultyProxy(ServerSocket server, int upstreamPort) {
    this.server = server;
    this.upstreamPort = upstreamPort;
  }

  /** A proxy on a free loopback port forwarding to {@code 127.0.0.1:upstreamPort}. */
  public static FaultyProxy start(int upstreamPort) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    FaultyProxy proxy = new FaultyProxy(socket, upstreamPort);
    proxy.threads.execute(proxy::accept);
    return proxy;
  }

  public int port() {
    return server.getLocalPort();
  }

  /**
   * From now on every {@code every}-th request whose path ends with {@code pathSuffix} is processed
   * by the server and then has its connection reset (0: none).
   */
  public void resetAfterProcessing(String pathSuffix, int every) {
    if (every <= 0) {
      resetEvery.remove(pathSuffix);
    } else {
      resetEvery.put(pathSuffix, every);
    }
  }

  /** Every request is answered 500, without reaching the server, until {@code until}. */
  public void outageUntil(Instant until) {
    outageUntil = until;
  }

  /** No faults, counts back to zero. */
  public void reset() {
    resetEvery.clear();
    resetCounters.clear();
    outageUntil = Instant.EPOCH;
    arrivals.clear();
    chunked.clear();
    resets.clear();
  }

  /** Requests that reached the proxy whose path ends with {@code pathSuffix}. */
  public int arrivals(String pathSuffix) {
    return count(arrivals, pathSuffix);
  }

  public int chunkedArrivals(String pathSuffix) {
    return count(chunked, pathSuffix);
  }

  public int resets(String pathSuffix) {
    return count(resets, pathSuffix);
  }

  private static int count(Map<String, AtomicInteger> counts, String pathSuffix) {
    int n = 0;
    for (Map.Entry<String, AtomicInteger> entry : counts.entrySet()) {
      if (entry.getKey().endsWith(pathSuffix)) {
        n += entry.getValue().get();
      }
    }
    return n;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      client.setSoTimeout(120_000);
      InputStream in = client.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      String[] lines = head.split("\r\n");
      String[] requestLine = lines[0].split(" ");
      String path = requestLine.length > 1 ? requestLine[1] : "/";
      List<String> headers = new ArrayList<>();
      long length = 0;
      boolean isChunked = false;
      for (int i = 1; i < lines.length; i++) {
        String line = lines[i];
        int colon = line.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        if (name.equals("content-length")) {
          length = Long.parseLong(value);
        } else if (name.equals("transfer-encoding")) {
          isChunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        } else if (!name.equals("connection") && !name.equals("keep-alive")) {
          headers.add(line);
        }
      }
      byte[] body = isChunked ? readChunked(in) : in.readNBytes((int) length);
      arrivals.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      if (isChunked) {
        chunked.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      }
      OutputStream out = client.getOutputStream();
      if (Instant.now().isBefore(outageUntil)) {
        byte[] answer = "{\"error\":\"outage\"}".getBytes(StandardCharsets.UTF_8);
        out.write(
            ("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                    + "Content-Length: "
                    + answer.length
                    + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(answer);
        out.flush();
        return;
      }
      byte[] response = forward(requestLine[0], path, headers, body);
      if (shouldReset(path)) {
        resets.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        client.setSoLinger(true, 0); // close with RST: "connection reset" at the client
        return;
      }
      out.write(response);
      out.flush();
    } catch (IOException e) {
      // the client went away
    }
  }

  private boolean shouldReset(String path) {
    for (Map.Entry<String, Integer> rule : resetEvery.entrySet()) {
      if (path.endsWith(rule.getKey())) {
        int seen =
            resetCounters
                .computeIfAbsent(rule.getKey(), k -> new AtomicInteger())
                .incrementAndGet();
        return seen % rule.getValue() == 0;
      }
    }
    return false;
  }

  /** The whole answer of the server, which closes the connection after it. */
  private byte[] forward(String method, String path, List<String> headers, byte[] body)
      throws IOException {
    try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
      upstream.setSoTimeout(120_000);
      StringBuilder request = new StringBuilder();
      request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      for (String header : headers) {
        request.append(header).append("\r\n");
      }
      request.append("Content-Length: ").append(body.length).append("\r\n");
      request.append("Connection: close\r\n\r\n");
      OutputStream out = upstream.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return upstream.getInputStream().readAllBytes();
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in);
      int semicolon = sizeLine.indexOf(';');
      int size =
          Integer.parseInt(
              (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        while (!readLine(in).isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside a chunked body");
      }
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      previous = b;
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
