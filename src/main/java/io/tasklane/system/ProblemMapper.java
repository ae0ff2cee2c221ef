package io.tasklane.system;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where any exception becomes an HTTP answer: a problem document whose detail a
 * client can act on. Unexpected exceptions are logged and answered 500 without internals.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {
  static final String UNAUTHORIZED =
      "A valid bearer token is required: send 'Authorization: Bearer <token>' with a token from POST /api/auth/token.";
  private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

  @Context SecurityContext security;

  @Override
  public Response toResponse(Throwable exception) {
    ProblemException problem = Causes.find(exception, ProblemException.class);
    if (problem != null) {
      return Problem.response(problem);
    }
    StateConflict conflict = Causes.find(exception, StateConflict.class);
    if (conflict != null) {
      return Problem.response(409, "Conflict", conflict.getMessage());
    }
    Throwable json = Causes.find(exception, JsonbException.class);
    if (json == null) {
      json = Causes.find(exception, JsonException.class);
    }
    if (json != null) {
      return Problem.response(
          400,
          "Malformed JSON",
          "The request body is not valid JSON for this endpoint: " + firstLine(json.getMessage()));
    }
    if (Causes.find(exception, OptimisticLockException.class) != null) {
      return Problem.response(
          409, "Conflict", "The task changed while this request was handled; try again.");
    }
    if (exception instanceof WebApplicationException web) {
      int status = web.getResponse().getStatus();
      if (status == 401
          || (status == 403 && (security == null || security.getUserPrincipal() == null))) {
        // Jersey's role check answers 403 also when no token was sent: that is a 401.
        return Problem.response(401, "Unauthorized", UNAUTHORIZED);
      }
      Response.Status known = Response.Status.fromStatusCode(status);
      return Problem.response(
          status, known == null ? "Error" : known.getReasonPhrase(), detailFor(status, web));
    }
    LOG.log(Level.SEVERE, "Unexpected error answering a request", exception);
    return Problem.response(
        500, "Internal Server Error", "An unexpected error occurred; it has been logged.");
  }

  /** A detail that tells the client what to do, for the runtime's own exceptions. */
  static String detailFor(int status, WebApplicationException web) {
    return switch (status) {
      case 400 ->
          "The request could not be read: send a JSON object body with Content-Type application/json.";
      case 403 -> "Your role does not allow this.";
      case 404 -> "No such resource.";
      case 405 -> "This method is not allowed on this resource.";
      case 406 -> "The requested media type cannot be produced; accept application/json.";
      case 415 -> "Unsupported media type: send Content-Type application/json.";
      default -> web.getMessage();
    };
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    String text =
        message.startsWith("Internal error: ")
            ? message.substring("Internal error: ".length())
            : message;
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
