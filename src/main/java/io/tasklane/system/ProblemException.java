package io.tasklane.system;

import java.time.Duration;

/**
 * Base of the product's own errors. Each carries the HTTP status and a title; the message is the
 * {@code detail} a client reads, so it must say what was wrong and, where possible, what to do.
 */
public class ProblemException extends RuntimeException {
  private final int status;
  private final String title;

  public ProblemException(int status, String title, String detail) {
    super(detail);
    this.status = status;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /**
   * When the client may try again (sent as {@code Retry-After}); null when that is not the point.
   */
  public Duration retryAfter() {
    return null;
  }

  /** 400: the request cannot be accepted as it is. */
  public static class InvalidInput extends ProblemException {
    public InvalidInput(String detail) {
      super(400, "Invalid request", detail);
    }
  }

  /** 404: unknown, or not visible to the caller (the two are deliberately indistinguishable). */
  public static class NotFound extends ProblemException {
    public NotFound(String detail) {
      super(404, "Not found", detail);
    }
  }

  /** 409: the request is valid but the resource's current state does not allow it. */
  public static class Conflict extends ProblemException {
    public Conflict(String detail) {
      super(409, "Conflict", detail);
    }
  }

  /** 401: no or bad credentials. */
  public static class Unauthorized extends ProblemException {
    public Unauthorized(String detail) {
      super(401, "Unauthorized", detail);
    }
  }

  /** 413: the request body is larger than the server accepts. */
  public static class PayloadTooLarge extends ProblemException {
    public PayloadTooLarge(String detail) {
      super(413, "Payload too large", detail);
    }
  }

  /** 403: authenticated, but this is refused (for example a wrong current password). */
  public static class Forbidden extends ProblemException {
    public Forbidden(String detail) {
      super(403, "Forbidden", detail);
    }
  }

  /** 429: this client asked too often or holds too much; it may try again after a while. */
  public static class TooManyRequests extends ProblemException {
    private final Duration retryAfter;

    public TooManyRequests(String detail, Duration retryAfter) {
      super(429, "Too many requests", detail);
      this.retryAfter = retryAfter;
    }

    @Override
    public Duration retryAfter() {
      return retryAfter;
    }
  }

  /** 503: the server is at a limit of its own right now; the client may try again after a while. */
  public static class Unavailable extends ProblemException {
    private final Duration retryAfter;

    public Unavailable(String detail, Duration retryAfter) {
      super(503, "Service unavailable", detail);
      this.retryAfter = retryAfter;
    }

    @Override
    public Duration retryAfter() {
      return retryAfter;
    }
  }
}
