package io.tasklane.system;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** An RFC 9457 problem document, as JAX-RS answers it and as servlets write it. */
public final class Problem {
  public static final String MEDIA_TYPE = "application/problem+json";

  private Problem() {}

  public static Response response(int status, String title, String detail) {
    return builder(status, title, detail).build();
  }

  /** The answer to a {@link ProblemException}, with {@code Retry-After} when it names one. */
  public static Response response(ProblemException problem) {
    Response.ResponseBuilder response =
        builder(problem.status(), problem.title(), problem.getMessage());
    if (problem.retryAfter() != null) {
      response.header("Retry-After", retryAfterSeconds(problem.retryAfter()));
    }
    return response.build();
  }

  private static Response.ResponseBuilder builder(int status, String title, String detail) {
    Response.ResponseBuilder response =
        Response.status(status).type(MEDIA_TYPE).entity(json(status, title, detail));
    if (status == 401) {
      response.header("WWW-Authenticate", "Bearer");
    }
    return response;
  }

  /** Writes the answer to a {@link ProblemException} as the whole answer of a servlet. */
  public static void send(HttpServletResponse response, ProblemException problem)
      throws IOException {
    if (problem.retryAfter() != null) {
      response.setHeader("Retry-After", retryAfterSeconds(problem.retryAfter()));
    }
    send(response, problem.status(), problem.title(), problem.getMessage());
  }

  /** Whole seconds, rounded up, at least one: {@code Retry-After: 0} would invite a tight loop. */
  static String retryAfterSeconds(Duration wait) {
    long millis = Math.max(0, wait.toMillis());
    return Long.toString(Math.max(1, (millis + 999) / 1000));
  }

  /** Writes the document as the whole answer of a servlet. */
  public static void send(HttpServletResponse response, int status, String title, String detail)
      throws IOException {
    response.setStatus(status);
    response.setContentType(MEDIA_TYPE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    if (status == 401) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    response.getWriter().write(json(status, title, detail));
  }

  static String json(int status, String title, String detail) {
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("type", "about:blank")
            .add("title", title)
            .add("status", status);
    if (detail != null) {
      body.add("detail", detail);
    }
    return body.build().toString();
  }
}
