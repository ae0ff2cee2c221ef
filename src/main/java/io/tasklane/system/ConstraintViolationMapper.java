package io.tasklane.system;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
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
    String field = fieldPath(violation.getPropertyPath());
    if (field.isEmpty()) {
      return "request body: " + violation.getMessage();
    }
    return field + ": " + violation.getMessage();
  }

  /**
   * The JSON path of a violation inside the request body ({@code priority}, {@code
   * tasks[3].priority}); empty for the body itself. The method and parameter nodes are not part of
   * the body.
   */
  static String fieldPath(Path path) {
    StringBuilder field = new StringBuilder();
    for (Path.Node node : path) {
      ElementKind kind = node.getKind();
      if (kind == ElementKind.METHOD
          || kind == ElementKind.CONSTRUCTOR
          || kind == ElementKind.PARAMETER
          || kind == ElementKind.CROSS_PARAMETER
          || kind == ElementKind.RETURN_VALUE
          || kind == ElementKind.BEAN) {
        continue;
      }
      if (node.isInIterable()) {
        field.append('[').append(node.getIndex() == null ? node.getKey() : node.getIndex());
        field.append(']');
      }
      if (kind == ElementKind.PROPERTY && node.getName() != null) {
        if (!field.isEmpty()) {
          field.append('.');
        }
        field.append(JsonSettings.wireName(node.getName()));
      }
    }
    return field.toString();
  }
}
