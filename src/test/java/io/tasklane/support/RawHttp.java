package io.tasklane.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 request on a fresh socket from a chosen loopback address (127.0.0.2, ...), for tests
 * of what the server does per client address: java.net.http cannot pick its source address.
 */
public final class RawHttp {
  private RawHttp() {}

  /**
   * An event stream opened on a raw socket with {@code ?token=}, read up to its initial state, then
   * left to the caller (to hold open, abandon, or reset).
   */
  public static java.net.Socket eventStream(int port, String path, String token)
      throws IOException {
    java.net.Socket socket = new java.net.Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    socket
        .getOutputStream()
        .write(
            ("GET /"
                    + path
                    + "?token="
                    + token
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    StringBuilder read = new StringBuilder();
    byte[] buffer = new byte[4096];
    while (!read.toString().contains("initial_state")) {
      int n = socket.getInputStream().read(buffer);
      if (n < 0) {
        throw new IllegalStateException("stream ended before its initial state: " + read);
      }
      read.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
    }
    return socket;
  }

  /** Status, headers (lower-case names), body, and how long the answer took. */
  public record Answer(int status, Map<String, String> headers, String body, Duration took) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  public static Answer postJson(String base, String path, String json, String fromAddress) {
    URI uri = URI.create(base + path);
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + uri.getRawPath()
            + " HTTP/1.1\r\nHost: "
            + uri.getHost()
            + ":"
            + uri.getPort()
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    long started = System.nanoTime();
    try (Socket socket =
        new Socket(
            InetAddress.getByName(uri.getHost()),
            uri.getPort(),
            InetAddress.getByName(fromAddress),
            0)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      byte[] raw = socket.getInputStream().readAllBytes();
      return parse(raw, Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException e) {
      throw new IllegalStateException("HTTP call from " + fromAddress + " failed: " + e, e);
    }
  }

  /**
   * A request with {@code Connection: close} from 127.0.0.1, read to its end (HEAD: the headers).
   * Fails if the server does not end the answer within ten seconds.
   */
  public static Answer request(
      String base, String method, String path, Map<String, String> headers) {
    URI uri = URI.create(base + path);
    StringBuilder head =
        new StringBuilder(method)
            .append(' ')
            .append(uri.getRawPath())
            .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
            .append(" HTTP/1.1\r\nHost: ")
            .append(uri.getHost())
            .append(':')
            .append(uri.getPort())
            .append("\r\nConnection: close\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("\r\n");
    long started = System.nanoTime();
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      byte[] raw = socket.getInputStream().readAllBytes();
      return parse(raw, Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    }
  }

  static Answer parse(byte[] raw, Duration took) throws IOException {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if (rest.length > 0 && "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      rest = dechunk(new java.io.ByteArrayInputStream(rest));
    }
    return new Answer(status, headers, new String(rest, StandardCharsets.UTF_8), took);
  }

  private static byte[] dechunk(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      StringBuilder size = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (c != '\r') {
          size.append((char) c);
        }
      }
      int length = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
      if (length == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(length));
      in.read(); // \r
      in.read(); // \n
    }
  }
}
