package io.tasklane.security;

import io.tasklane.system.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code POST /api/auth/token}: username and password for a bearer token. */
@Path("/auth/token")
@RequestScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {
  @Inject UserAccounts accounts;
  @Inject TokenIssuer issuer;

  @Inject
  @ConfigProperty(name = "tasklane.auth.built-in-issuer")
  boolean builtInIssuer;

  public static class Credentials {
    @NotBlank(message = "is required")
    @Size(max = 64)
    public String username;

    @NotBlank(message = "is required")
    @Size(max = 128)
    public String password;
  }

  public record TokenResponse(
      String accessToken, String tokenType, long expiresIn, Set<String> roles) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public TokenResponse token(
      @NotNull(message = "a JSON body is required") @Valid Credentials credentials) {
    if (!builtInIssuer) {
      throw new ProblemException.NotFound(
          "The built-in token issuer is disabled: get a token from the configured external issuer.");
    }
    AppUser user =
        accounts
            .authenticate(credentials.username, credentials.password)
            .orElseThrow(
                () ->
                    new ProblemException.Unauthorized(
                        "Unknown user, wrong password or disabled account."));
    TokenIssuer.IssuedToken token = issuer.issue(user);
    return new TokenResponse(
        token.accessToken(), "Bearer", token.lifetime().toSeconds(), user.roles());
  }
}
