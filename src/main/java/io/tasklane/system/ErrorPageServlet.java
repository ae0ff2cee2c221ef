package io.tasklane.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * Errors raised by the container before JAX-RS runs (a rejected bearer token, an unknown static
 * path) become problem documents too, instead of the server's HTML error page. Wired in web.xml.
 */
@WebServlet("/errors/problem")
public class ErrorPageServlet extends HttpServlet {
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    // Requested directly rather than as an error page, there is no error to describe.
    int status = code instanceof Integer i ? i : 404;
    Response.Status known = Response.Status.fromStatusCode(status);
    String detail =
        switch (status) {
          case 401 ->
              ProblemMapper.UNAUTHORIZED
                  + " The token sent was missing, malformed, expired or not signed by a trusted issuer.";
          case 403 -> "Your role does not allow this.";
          case 404 -> "No such resource.";
          case 405 -> "This method is not allowed on this resource.";
          default -> "The server could not handle this request.";
        };
    Problem.send(response, status, known == null ? "Error" : known.getReasonPhrase(), detail);
    if (code == null) {
      // Committed at once, so the container's 404 error page (this servlet) does not run over it.
      response.flushBuffer();
    }
  }
}
