package io.tasklane.security;

import io.tasklane.system.ProblemException;
import io.tasklane.system.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Turns the verified MicroProfile JWT of the request into a {@link Caller}. */
@RequestScoped
public class CallerProducer {
  @Inject HttpServletRequest request;

  // Dependent: a record cannot be proxied; the resources that use it are request scoped anyway.
  @Produces
  Caller caller() {
    // MicroProfile JWT's mechanism authenticates the request with the verified JsonWebToken as its
    // principal. Read from the request rather than through an injected JsonWebToken, whose
    // producer looked the security context up through JNDI on every request (issue 25's profile).
    if (!(request.getUserPrincipal() instanceof JsonWebToken token) || token.getName() == null) {
      throw new ProblemException.Unauthorized("A valid bearer token is required.");
    }
    return new Caller(
        token.getName(), token.getGroups() != null && token.getGroups().contains(Roles.ADMIN));
  }
}
