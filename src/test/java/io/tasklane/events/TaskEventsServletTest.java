package io.tasklane.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.security.BearerTokenVerifier;
import io.tasklane.security.Caller;
import io.tasklane.security.VerifiedToken;
import io.tasklane.support.Fakes;
import io.tasklane.system.ProblemException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TaskEventsServletTest {
  static final String GOOD = "eyJgood";
  static final Instant NOW = Instant.parse("2026-01-15T10:30:00Z");
  static final VerifiedToken ALICE =
      new VerifiedToken(new Caller("alice", false), Instant.parse("2026-01-15T11:30:00Z"), 0L);

  /** What the servlet asked of the hub. */
  record Subscription(VerifiedToken token, Long lastEventId) {}

  final List<Subscription> subscriptions = new ArrayList<>();
  final boolean[] asyncCompleted = {false};
  ProblemException refusal;
  final Map<String, String> responseHeaders = new HashMap<>();
  final StringWriter body = new StringWriter();
  final long[] asyncTimeout = {-1};
  int status;
  int bufferSize;
  String contentType;

  final TaskEventsServlet servlet = new TaskEventsServlet();

  TaskEventsServletTest() {
    servlet.tokens =
        new BearerTokenVerifier() {
          @Override
          public VerifiedToken verify(String token) {
            if (!GOOD.equals(token)) {
              throw new ProblemException.Unauthorized("A valid token is required.");
            }
            return ALICE;
          }
        };
    servlet.hub =
        new TaskEventHub() {
          @Override
          public void subscribe(EventConnection connection, VerifiedToken token, Long lastEventId) {
            if (refusal != null) {
              throw refusal;
            }
            subscriptions.add(new Subscription(token, lastEventId));
          }
        };
    servlet.clock = Clock.fixed(NOW, ZoneOffset.UTC);
  }

  void get(String query, Map<String, String> headers) throws Exception {
    call(query, headers, false);
  }

  void head(String query, Map<String, String> headers) throws Exception {
    call(query, headers, true);
  }

  void call(String query, Map<String, String> headers, boolean head) throws Exception {
    AsyncContext async =
        Fakes.of(
            AsyncContext.class,
            Map.of(
                "setTimeout", args -> asyncTimeout[0] = (Long) args[0],
                "complete", args -> asyncCompleted[0] = true));
    Map<String, Function<Object[], Object>> request = new HashMap<>();
    request.put("getQueryString", args -> query);
    request.put("getHeader", args -> headers.get((String) args[0]));
    request.put("getParameter", args -> fail("the query string is read, not the parameters"));
    request.put("startAsync", args -> async);
    Map<String, Function<Object[], Object>> response = new HashMap<>();
    response.put("setStatus", args -> status = (Integer) args[0]);
    response.put("setContentType", args -> contentType = (String) args[0]);
    response.put("setHeader", args -> responseHeaders.put((String) args[0], (String) args[1]));
    response.put("setBufferSize", args -> bufferSize = (Integer) args[0]);
    response.put("getWriter", args -> new PrintWriter(body, true));
    HttpServletRequest fakeRequest = Fakes.of(HttpServletRequest.class, request);
    HttpServletResponse fakeResponse = Fakes.of(HttpServletResponse.class, response);
    if (head) {
      servlet.doHead(fakeRequest, fakeResponse);
    } else {
      servlet.doGet(fakeRequest, fakeResponse);
    }
  }

  static Object fail(String why) {
    throw new AssertionError(why);
  }

  @Test
  void no_token_is_refused_with_a_401_problem_document_and_no_stream() throws Exception {
    get(null, Map.of());
    assertRefused();
  }

  @Test
  void a_bad_token_is_refused_without_echoing_it() throws Exception {
    get("token=eyJforged", Map.of());
    assertRefused();
    assertFalse(body.toString().contains("eyJforged"));
  }

  void assertRefused() {
    assertEquals(401, status);
    assertEquals("application/problem+json", contentType);
    assertEquals("Bearer", responseHeaders.get("WWW-Authenticate"));
    assertTrue(body.toString().contains("\"status\":401"), body.toString());
    assertEquals(List.of(), subscriptions, "no stream was opened");
    assertEquals(-1, asyncTimeout[0], "not asynchronous");
  }

  @Test
  void a_header_token_opens_an_unbuffered_event_stream_that_the_container_ends_after_expiry()
      throws Exception {
    get(null, Map.of("Authorization", "Bearer " + GOOD));
    assertEquals(List.of(new Subscription(ALICE, null)), subscriptions);
    assertEquals(200, status);
    assertEquals("text/event-stream;charset=UTF-8", contentType);
    assertEquals("no-cache", responseHeaders.get("Cache-Control"));
    assertEquals("no", responseHeaders.get("X-Accel-Buffering"));
    assertEquals(Duration.ofHours(1).plusMinutes(1).toMillis(), asyncTimeout[0]);
    assertEquals(TaskEventsServlet.BUFFER_BYTES, bufferSize);
  }

  @Test
  void head_answers_the_streams_headers_without_opening_a_stream() throws Exception {
    head(null, Map.of("Authorization", "Bearer " + GOOD));
    assertEquals(200, status);
    assertEquals("text/event-stream;charset=UTF-8", contentType);
    assertEquals(List.of(), subscriptions, "no stream was registered");
    assertEquals(-1, asyncTimeout[0], "not asynchronous");
    head("token=eyJforged", Map.of());
    assertRefused();
  }

  @Test
  void a_stream_past_a_cap_is_refused_with_its_status_and_retry_after() throws Exception {
    refusal =
        new ProblemException.TooManyRequests("You have 10 streams open.", Duration.ofSeconds(5));
    get(null, Map.of("Authorization", "Bearer " + GOOD));
    assertEquals(429, status);
    assertEquals("application/problem+json", contentType);
    assertEquals("5", responseHeaders.get("Retry-After"));
    assertTrue(body.toString().contains("10 streams open"), body.toString());
    assertTrue(asyncCompleted[0], "the request is ended");

    refusal = new ProblemException.Unavailable("Full.", Duration.ofSeconds(5));
    get(null, Map.of("Authorization", "Bearer " + GOOD));
    assertEquals(503, status);
  }

  @Test
  void the_container_ends_a_stream_a_minute_after_its_token_expired() {
    assertEquals(
        61_000, TaskEventsServlet.timeoutMillis(NOW.plusSeconds(1), NOW), "a minute after expiry");
    assertEquals(1, TaskEventsServlet.timeoutMillis(NOW.minusSeconds(3600), NOW), "at least 1 ms");
  }

  @Test
  void the_query_token_and_last_event_id_serve_clients_that_cannot_send_headers() throws Exception {
    get("x=1&token=" + GOOD + "&last_event_id=41", Map.of());
    assertEquals(List.of(new Subscription(ALICE, 41L)), subscriptions);
  }

  @Test
  void the_last_event_id_header_wins_over_the_query_and_garbage_starts_afresh() throws Exception {
    get("token=" + GOOD + "&last_event_id=41", Map.of("Last-Event-ID", "42"));
    get("token=" + GOOD + "&last_event_id=abc", Map.of());
    assertEquals(
        List.of(new Subscription(ALICE, 42L), new Subscription(ALICE, null)), subscriptions);
  }

  @Test
  void the_header_token_wins_over_the_query_token() {
    assertEquals("h", TaskEventsServlet.bearer("Bearer h", "q"));
    assertEquals("h", TaskEventsServlet.bearer("bearer h", null));
    assertEquals("q", TaskEventsServlet.bearer(null, "q"));
    assertEquals("q", TaskEventsServlet.bearer("Basic abc", "q"));
    assertNull(TaskEventsServlet.bearer(null, null));
  }

  @Test
  void only_a_non_negative_number_is_a_resumable_position() {
    assertEquals(42L, TaskEventsServlet.position("42"));
    assertEquals(42L, TaskEventsServlet.position(" 42 "));
    assertNull(TaskEventsServlet.position(null));
    assertNull(TaskEventsServlet.position(""));
    assertNull(TaskEventsServlet.position("-1"));
    assertNull(TaskEventsServlet.position("abc"));
  }

  @Test
  void query_parameters_are_decoded_and_the_first_one_counts() {
    assertEquals("a b", TaskEventsServlet.parameter("token=a%20b&token=c", "token"));
    assertEquals("7", TaskEventsServlet.parameter("tokens=1&last_event_id=7", "last_event_id"));
    assertEquals("", TaskEventsServlet.parameter("token", "token"));
    assertNull(TaskEventsServlet.parameter("tokenx=1", "token"));
    assertNull(TaskEventsServlet.parameter("token=%zz", "token"));
    assertNull(TaskEventsServlet.parameter(null, "token"));
  }
}
