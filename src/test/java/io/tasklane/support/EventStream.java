package io.tasklane.support;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw Server-Sent Events client for the tests: reads {@code id:}, {@code retry:} and {@code
 * data:} lines off a real HTTP connection, as a browser's EventSource would, and hands each event
 * to the test with its parsed JSON.
 */
public final class EventStream implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /**
   * One event; {@code id} is null when the event had no {@code id:} line; {@code receivedAt} is
   * when its last line was read.
   */
  public record Event(Long id, Long retry, JsonObject json, Instant receivedAt) {
    public String type() {
      return json.getString("type");
    }

    public JsonObject data() {
      return json.getJsonObject("data");
    }

    public boolean isAbout(String taskId) {
      JsonObject data = json.getJsonObject("data");
      return data != null
          && data.containsKey("task_id")
          && taskId.equals(data.getString("task_id"));
    }
  }

  private final HttpResponse<InputStream> response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Thread reader;
  private volatile boolean ended;

  private EventStream(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = new Thread(this::read, "sse-test-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens {@code path} with the given request headers; the status must be 200. */
  public static EventStream open(String base, String path, Map<String, String> headers) {
    HttpResponse<InputStream> response = request(base, path, headers);
    if (response.statusCode() != 200) {
      String body;
      try (InputStream in = response.body()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        body = e.toString();
      }
      fail("event stream answered " + response.statusCode() + ": " + body);
    }
    return new EventStream(response);
  }

  /** A status, the headers and (unless 200) the body of an answer; the stream is closed. */
  public record Probe(int status, java.net.http.HttpHeaders headers, String body) {}

  /** The raw answer, for tests of refusals and headers. */
  public static Probe probe(String base, String path, Map<String, String> headers) {
    HttpResponse<InputStream> response = request(base, path, headers);
    String body = "";
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      body = e.toString();
    }
    return new Probe(response.statusCode(), response.headers(), body);
  }

  private static HttpResponse<InputStream> request(
      String base, String path, Map<String, String> headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream");
    headers.forEach(builder::header);
    try {
      return HTTP.send(builder.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new IllegalStateException("cannot open " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<InputStream> response() {
    return response;
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      Long id = null;
      Long retry = null;
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            try (JsonReader json = Json.createReader(new StringReader(data.toString()))) {
              Instant now = Instant.now();
              events.add(new Event(id, retry, json.readObject(), now));
            }
          }
          id = null;
          retry = null;
          data.setLength(0);
        } else if (line.startsWith("id:")) {
          id = Long.valueOf(line.substring(3).trim());
        } else if (line.startsWith("retry:")) {
          retry = Long.valueOf(line.substring(6).trim());
        } else if (line.startsWith("data:")) {
          if (data.length() > 0) {
            data.append('\n');
          }
          data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
        }
      }
    } catch (IOException e) {
      // closed by the test or by the server
    } finally {
      ended = true;
    }
  }

  /** The next event within {@code timeout}, or a failure. */
  public Event next(Duration timeout) {
    try {
      Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (event == null) {
        fail("no event within " + timeout + (ended ? " (the stream has ended)" : ""));
      }
      return event;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Skips events until one matches, failing after {@code timeout}. */
  public Event await(Predicate<Event> condition, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    List<String> seen = new ArrayList<>();
    while (Instant.now().isBefore(deadline)) {
      try {
        Event event =
            events.poll(
                Math.max(1, Duration.between(Instant.now(), deadline).toMillis()),
                TimeUnit.MILLISECONDS);
        if (event == null) {
          break;
        }
        if (condition.test(event)) {
          return event;
        }
        seen.add(event.type());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    fail("no matching event within " + timeout + "; saw " + seen);
    return null;
  }

  /** Events received so far and not yet taken. */
  public List<Event> drain() {
    List<Event> taken = new ArrayList<>();
    events.drainTo(taken);
    return taken;
  }

  /** Whether the server ended the stream, waiting up to {@code timeout}. */
  public boolean awaitEnd(Duration timeout) {
    try {
      reader.join(timeout.toMillis()); // the reader stops exactly when the stream ends
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return ended;
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // already closed
    }
  }
}
