package io.tasklane.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.time.Duration;
import java.util.Optional;

/**
 * An error answer of the API: its {@code application/problem+json} document (RFC 9457) as status,
 * title and detail; the detail says what was wrong ({@code "parameters.symbol: is required"}).
 * {@link #retryAfter()} is set for 429 and 503 answers that name one.
 */
public class TasklaneProblemException extends RuntimeException {
  public static final String MEDIA_TYPE = "application/problem+json";

  private final int status;
  private final String title;
  private final String detail;
  private final Duration retryAfter;

  public TasklaneProblemException(int status, String title, String detail, Duration retryAfter) {
    super(status + " " + title + (detail == null ? "" : ": " + detail));
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return detail;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * The problem an error answer carries. An answer that is not a problem document (a proxy's HTML
   * page, say) keeps its status and reason phrase, and its body as the detail.
   */
  public static TasklaneProblemException from(Response response) {
    String body = response.hasEntity() ? response.readEntity(String.class) : "";
    Duration retryAfter = retryAfter(response.getHeaderString(HttpHeaders.RETRY_AFTER));
    int status = response.getStatus();
    String reason = response.getStatusInfo().getReasonPhrase();
    String type = response.getHeaderString(HttpHeaders.CONTENT_TYPE);
    if (type != null && type.startsWith(MEDIA_TYPE) && !body.isBlank()) {
      try (JsonReader reader = Json.createReader(new StringReader(body))) {
        JsonObject problem = reader.readObject();
        return new TasklaneProblemException(
            problem.getInt("status", status),
            problem.getString("title", reason),
            problem.getString("detail", null),
            retryAfter);
      } catch (RuntimeException unreadable) {
        // Not the document it claims to be: keep what is known.
      }
    }
    return new TasklaneProblemException(status, reason, body.isBlank() ? null : body, retryAfter);
  }

  private static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(header.trim()));
    } catch (NumberFormatException httpDate) {
      return null;
    }
  }
}
