package io.tasklane.system;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Puts the browser-side protections on every answer: the API's, the dashboard's static files and
 * the error pages (web.xml maps it to REQUEST and ERROR dispatches, since a container error may
 * reset what the first pass set).
 *
 * <p>The policy fits the dashboard as it is: its scripts are ES modules and its styles one
 * stylesheet from this origin, with no inline code, no eval and no third-party resources; fetch and
 * EventSource go to this origin only. The one data: URL is the empty favicon.
 */
public class SecurityHeaders implements Filter {
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    apply((HttpServletResponse) response);
    chain.doFilter(request, response);
  }

  static void apply(HttpServletResponse response) {
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    // For browsers that predate frame-ancestors.
    response.setHeader("X-Frame-Options", "DENY");
  }
}
