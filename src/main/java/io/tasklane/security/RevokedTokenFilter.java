package io.tasklane.security;

import io.tasklane.system.Problem;
import io.tasklane.system.ProblemException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Every API request that MicroProfile JWT authenticated is refused with 401 when its token no
 * longer counts ({@link TokenRevocation}): before any role check or resource method runs. A token
 * that still counts is remembered as verified ({@link VerifiedTokenCache}).
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION)
public class RevokedTokenFilter implements ContainerRequestFilter {
  @Inject TokenRevocation revocation;
  @Inject VerifiedTokenCache verified;

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken token
        && token.getName() != null) {
      try {
        revocation.check(token.getName(), verified.generation(token));
        verified.remember(token);
      } catch (ProblemException e) {
        request.abortWith(Problem.response(e));
      }
    }
  }
}
