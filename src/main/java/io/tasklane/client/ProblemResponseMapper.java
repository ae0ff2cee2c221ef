package io.tasklane.client;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * MicroProfile Rest Client's side of {@link TasklaneProblemException}: every answer of 400 or more
 * becomes one (registered on each interface by {@code @RegisterProvider}).
 */
public class ProblemResponseMapper implements ResponseExceptionMapper<TasklaneProblemException> {
  @Override
  public TasklaneProblemException toThrowable(Response response) {
    return TasklaneProblemException.from(response);
  }

  @Override
  public boolean handles(int status, MultivaluedMap<String, Object> headers) {
    return status >= 400;
  }
}
