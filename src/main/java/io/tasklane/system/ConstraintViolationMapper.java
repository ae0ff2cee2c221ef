package io.tasklane.system;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.stream.Collectors;

/**
 * Bean Validation failures as a 400 problem naming each field; registered so it wins over the
 * JAX-RS runtime's own mapper, which answers in a different format.
 */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {
  @Override
  public Response toResponse(ConstraintViolationException exception) {
    String detail =
        exception.getConstraintViolations().stream()
            .map(ConstraintViolationMapper::describe)
            .sorted()
            .collect(Collectors.joining("; "));
    return Problem.response(400, "Invalid request", detail);
  }

  private static String describe(ConstraintViolation<?> violation) {
    String field = null;
    for (Path.Node node : violation.getPropertyPath()) {
      if (node.getName() != null) {
        field = node.getName();
      }
    }
    if (field == null || field.startsWith("arg")) {
      return "request body: " + violation.getMessage();
    }
    return JsonSettings.wireName(field) + ": " + violation.getMessage();
  }
}
