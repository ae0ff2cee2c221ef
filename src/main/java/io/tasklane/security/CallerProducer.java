package io.tasklane.security;

import io.tasklane.system.ProblemException;
import io.tasklane.system.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Turns the verified MicroProfile JWT of the request into a {@link Caller}. */
@RequestScoped
public class CallerProducer {
  @Inject JsonWebToken token;

  // Dependent: a record cannot be proxied; the resources that use it are request scoped anyway.
  @Produces
  Caller caller() {
    if (token == null || token.getName() == null) {
      throw new ProblemException.Unauthorized("A valid bearer token is required.");
    }
    return new Caller(
        token.getName(), token.getGroups() != null && token.getGroups().contains(Roles.ADMIN));
  }
}
