package io.tasklane.events;

import io.tasklane.security.BearerTokenVerifier;
import io.tasklane.security.VerifiedToken;
import io.tasklane.system.Problem;
import io.tasklane.system.ProblemException;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GET /api/system/task-events}: the live stream of the caller's tasks (every task for an
 * admin). A servlet rather than a JAX-RS {@code SseEventSink}: Jersey serialises and flushes every
 * event separately for every client, while here each event is encoded once per audience and the
 * bytes are written with non-blocking I/O, several pending events in one write.
 *
 * <p>It is outside container security: browsers' EventSource cannot send an {@code Authorization}
 * header, so the token may come as {@code ?token=}, which MicroProfile JWT does not read; both are
 * checked here by the one {@link BearerTokenVerifier}. The token is never logged.
 *
 * <p>Only GET opens a stream. HEAD answers the stream's headers and nothing else: the container's
 * default HEAD runs GET with a body-less response whose writes never fail, which would register a
 * stream that nothing could ever find dead. The container also ends every stream a minute after its
 * token expires, in case nothing else has by then.
 */
@WebServlet(urlPatterns = "/api/system/task-events", asyncSupported = true)
public class TaskEventsServlet extends HttpServlet {
  private static final Logger LOG = Logger.getLogger(TaskEventsServlet.class.getName());

  /** Every write is flushed at once: a larger buffer would only hold memory per open stream. */
  static final int BUFFER_BYTES = 2048;

  /** The container's own end of a stream, this long after its token expired. */
  static final Duration AFTER_EXPIRY = Duration.ofMinutes(1);

  @Inject BearerTokenVerifier tokens;
  @Inject TaskEventHub hub;
  @Inject Clock clock;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    VerifiedToken token = verified(request, response);
    if (token == null) {
      return;
    }
    String lastEventId = request.getHeader("Last-Event-ID");
    String query = request.getQueryString();
    Long position = position(lastEventId != null ? lastEventId : parameter(query, "last_event_id"));

    streamHeaders(response);
    response.setBufferSize(BUFFER_BYTES);
    AsyncContext async = request.startAsync();
    // Open until the client leaves, its token expires or the server stops; the hub ends it at
    // expiry, and the container a little later should anything have missed it.
    async.setTimeout(timeoutMillis(token.expiresAt(), Instant.now(clock)));
    try {
      hub.subscribe(new ServletEventConnection(async, response.getOutputStream()), token, position);
    } catch (ProblemException e) {
      // Past a cap: nothing was written yet.
      response.reset();
      Problem.send(response, e);
      async.complete();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not open an event stream", e);
      if (!response.isCommitted()) {
        response.reset();
        Problem.send(
            response,
            HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
            "Internal Server Error",
            "The event stream could not be opened; it has been logged. Try again.");
      }
      async.complete();
    }
  }

  /** The headers GET would answer, without opening a stream (see the class comment). */
  @Override
  protected void doHead(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (verified(request, response) != null) {
      streamHeaders(response);
    }
  }

  /** The request's token if it is valid and still counts; else null, with the 401 answered. */
  private VerifiedToken verified(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    // Parameters from the query string itself: getParameter would also read a form body.
    String query = request.getQueryString();
    try {
      return tokens.verify(bearer(request.getHeader("Authorization"), parameter(query, "token")));
    } catch (ProblemException e) {
      Problem.send(response, e);
      return null;
    }
  }

  private static void streamHeaders(HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/event-stream;charset=UTF-8");
    // No cache may keep the stream, and reverse proxies (nginx) must not buffer it.
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("X-Accel-Buffering", "no");
  }

  /** The container's time limit of a stream: {@link #AFTER_EXPIRY} past its token's expiry. */
  static long timeoutMillis(Instant expiresAt, Instant now) {
    return Math.max(1, Duration.between(now, expiresAt).plus(AFTER_EXPIRY).toMillis());
  }

  /** The {@code Authorization: Bearer} token if there is one, else the query token. */
  static String bearer(String authorization, String queryToken) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    return queryToken;
  }

  /** A resumable position, or null (start afresh) for anything that is not one. */
  static Long position(String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return null;
    }
    try {
      long id = Long.parseLong(lastEventId.trim());
      return id >= 0 ? id : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The first value of {@code name} in a raw query string, decoded; null if absent or garbled. */
  static String parameter(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      try {
        if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
          return equals < 0
              ? ""
              : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
        }
      } catch (IllegalArgumentException e) {
        // a malformed %-escape: not this parameter
      }
    }
    return null;
  }
}
