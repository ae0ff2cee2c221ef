package io.tasklane.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * A tiny raw JSON client of Tasklane's HTTP API for the integration tests (loopback only). Tests
 * that use the API as a caller would go through Tasklane's own Java client ({@link Clients}); this
 * one is for what the typed client hides on purpose: malformed or hostile input, the exact status
 * and problem of bad input, headers and content types, a key an answer leaves out rather than sends
 * as null, the QuantConnect sandbox's control, and the tests not yet moved to the client
 * (DashboardIT, RetentionIT). Its static waits ({@link #eventually}, {@link #holdsFor}) serve every
 * test.
 */
public final class Api {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final String token;

  public Api(String base, String token) {
    this.base = base.endsWith("/") ? base : base + "/";
    this.token = token;
  }

  public static Api anonymous(String base) {
    return new Api(base, null);
  }

  public String base() {
    return base;
  }

  /** The bearer token this client sends, or null. */
  public String token() {
    return token;
  }

  public Api as(String username, String password) {
    Reply reply = post("api/auth/token", json("username", username, "password", password));
    assertEquals(200, reply.status(), () -> "login of " + username + ": " + reply.body());
    return new Api(base, reply.json().getString("access_token"));
  }

  /** The same caller against another base URL (the server's root, say). */
  public Api withBase(String otherBase) {
    return new Api(otherBase, token);
  }

  public Api withToken(String otherToken) {
    return new Api(base, otherToken);
  }

  /** A status and a body; {@link #json()} parses the body as a JSON object. */
  public record Reply(int status, String body, String contentType, String location) {
    public JsonObject json() {
      try (JsonReader reader = Json.createReader(new StringReader(body))) {
        JsonStructure structure = reader.read();
        return structure.asJsonObject();
      }
    }

    public jakarta.json.JsonArray array() {
      try (JsonReader reader = Json.createReader(new StringReader(body))) {
        return reader.readArray();
      }
    }
  }

  public Reply get(String path) {
    return send(request(path).GET());
  }

  public Reply get(String path, String accept) {
    return send(request(path).header("Accept", accept).GET());
  }

  /** As an admin: creates the user {@code name} with role user, and returns them signed in. */
  public Api newUser(String name) {
    Reply created =
        post(
            "api/admin/users",
            "{\"username\":\"" + name + "\",\"password\":\"secret-pass\",\"roles\":[\"user\"]}");
    assertEquals(201, created.status(), created::body);
    return Api.anonymous(base()).as(name, "secret-pass");
  }

  public Reply post(String path, String body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Reply postRaw(String path, String contentType, HttpRequest.BodyPublisher body) {
    HttpRequest.Builder builder = request(path).POST(body);
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    return send(builder);
  }

  public Reply patch(String path, String body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
  }

  public Reply put(String path, String body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Reply delete(String path) {
    return send(request(path).DELETE());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static Reply send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response =
          HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(
          response.statusCode(),
          response.body(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.headers().firstValue("Location").orElse(null));
    } catch (IOException e) {
      throw new IllegalStateException("HTTP call failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Submits a task and returns its id (asserting 202). */
  public String submit(String body) {
    Reply reply = post("api/tasks", body);
    assertEquals(202, reply.status(), () -> "submit: " + reply.body());
    return reply.json().getString("task_id");
  }

  public JsonObject task(String id) {
    Reply reply = get("api/tasks/" + id);
    assertEquals(200, reply.status(), () -> "get task: " + reply.body());
    return reply.json();
  }

  /** Polls the task until {@code condition} holds, failing after {@code timeout}. */
  public JsonObject awaitTask(String id, Duration timeout, Predicate<JsonObject> condition) {
    return eventually("task " + id + " in the expected state")
        .atMost(timeout)
        .until(() -> task(id), condition);
  }

  public JsonObject awaitStatus(String id, String status, Duration timeout) {
    return eventually("task " + id + " " + status)
        .atMost(timeout)
        .until(() -> task(id), t -> status.equals(t.getString("status")));
  }

  /**
   * A wait for a condition, named for its failure message: checked at once and then every 25 ms on
   * the test's own thread, so a failed assertion inside it fails the test as it is.
   */
  public static ConditionFactory eventually(String what) {
    return Awaitility.await(what)
        .pollInSameThread()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(25));
  }

  /**
   * Asserts that {@code condition} holds throughout {@code period} from now, failing at its first
   * lapse: for tests whose point is that something does not happen for a while (a wait that ended
   * early would prove nothing).
   */
  public static void holdsFor(String what, Duration period, Callable<Boolean> condition) {
    Awaitility.await(what)
        .pollInSameThread()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100))
        .during(period)
        .atMost(period.plus(Duration.ofSeconds(2)))
        .until(
            () -> {
              assertTrue(condition.call(), () -> "no longer held: " + what);
              return true;
            });
  }

  /**
   * Lets a server-side time window that the API does not show run out (a hand-off window, a rate
   * limit's spacing): the passing of time is the point, there is no condition to wait on.
   */
  public static void letPass(Duration window) {
    pause(window.toMillis());
  }

  /** A fixed sleep, for the benchmarks' pacing; the integration tests wait on conditions. */
  public static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A JSON object from alternating keys and string values. */
  public static String json(String... keysAndValues) {
    var builder = Json.createObjectBuilder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      builder.add(keysAndValues[i], keysAndValues[i + 1]);
    }
    return builder.build().toString();
  }

  /** Single quotes to double quotes, for readable JSON literals in tests. */
  public static String q(String text) {
    return text.replace('\'', '"');
  }
}
