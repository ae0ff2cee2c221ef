package io.tasklane.security;

import io.tasklane.system.Problem;
import io.tasklane.system.ProblemException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * What the container serves beside the API without asking for a token: Payara's {@code /metrics}
 * and {@code /openapi} (registered in the application at the root context), the WADL, and the
 * OPTIONS answers JAX-RS makes up for every API path. They describe the server and every endpoint,
 * so they need an admin token (metrics and OpenAPI) or any valid token (OPTIONS), unless {@code
 * tasklane.security.public-metrics} opens metrics and OpenAPI to a trusted network. Container
 * security cannot do this: those servlets are not ours to annotate. Wired in web.xml.
 */
// A bean as well, so that Payara registers the @ConfigProperties bean it injects: the container
// creates the filter itself, and the injection points of such instances alone do not count.
@Dependent
public class OperationsEndpoints implements Filter {
  @Inject BearerTokenVerifier tokens;

  @Inject @ConfigProperties SecurityConfig config;

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String path = path(request);
    try {
      if (isOperations(path) && !(config.publicMetrics && !path.startsWith("/api/"))) {
        Caller caller = tokens.verify(bearer(request)).caller();
        if (!caller.admin()) {
          throw new ProblemException.Forbidden("Only admins may read " + path + ".");
        }
      } else if ("OPTIONS".equals(request.getMethod()) && path.startsWith("/api/")) {
        tokens.verify(bearer(request));
      }
    } catch (ProblemException e) {
      Problem.send(response, e);
      return;
    }
    chain.doFilter(request, response);
  }

  /** The decoded, normalised path inside the application, as the servlet mapping saw it. */
  static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
    String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
    return servletPath + pathInfo;
  }

  static boolean isOperations(String path) {
    return under(path, "/metrics")
        || under(path, "/openapi")
        || under(path, "/api/application.wadl");
  }

  private static boolean under(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/") || path.startsWith(prefix + ".");
  }

  /** Only the header: a query token would end up in access logs and browser history. */
  private static String bearer(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    return null;
  }
}
