package io.tasklane.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/** {@code /api/auth}: a bearer token for a username and password; one's own password change. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RegisterProvider(TasklaneJson.class)
@RegisterProvider(ProblemResponseMapper.class)
public interface AuthApi {
  record Credentials(String username, String password) {}

  record PasswordChange(String currentPassword, String newPassword) {}

  /** {@code expiresIn} is the token's life in seconds from now. */
  record TokenResponse(String accessToken, String tokenType, long expiresIn, Set<String> roles) {}

  @POST
  @Path("token")
  TokenResponse token(Credentials credentials);

  /** Every other token of the account stops counting; the answer is a fresh one for this client. */
  @POST
  @Path("password")
  TokenResponse changePassword(PasswordChange change);
}
