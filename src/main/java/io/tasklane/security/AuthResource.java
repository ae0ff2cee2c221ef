package io.tasklane.security;

import io.tasklane.system.ProblemException;
import io.tasklane.system.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/**
 * {@code POST /api/auth/token} (username and password for a bearer token) and {@code POST
 * /api/auth/password} (change one's own password). Both check a password: through the {@link
 * LoginThrottle} and on the {@link PasswordHashing} pool, answering asynchronously, so neither a
 * throttle's delay nor a hash holds a request thread.
 */
@Path("/auth")
@RequestScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {
  /** An answer not ready by then (a stalled pool) is a 503 rather than a hanging request. */
  static final long ANSWER_WITHIN_SECONDS = 60;

  static final String SIGN_IN_REFUSED = "Unknown user, wrong password or disabled account.";

  @Inject UserAccounts accounts;
  @Inject TokenIssuer issuer;
  @Inject LoginThrottle throttle;
  @Inject PasswordHashing hashing;
  @Inject JsonWebToken jwt;
  @Context HttpServletRequest http;

  @Inject @ConfigProperties AuthConfig config;

  public static class Credentials {
    @NotBlank(message = "is required")
    @Size(max = 64)
    public String username;

    @NotBlank(message = "is required")
    @Size(max = 128)
    public String password;
  }

  public static class PasswordChange {
    @NotBlank(message = "is required")
    @Size(max = 128)
    public String currentPassword;

    @NotNull(message = "is required")
    public String newPassword;
  }

  @Schema(
      name = "TokenResponse",
      example =
          "{\"access_token\":\"eyJhbGciOiJSUzI1NiJ9...\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"roles\":[\"user\"]}")
  public record TokenResponse(
      String accessToken, String tokenType, long expiresIn, Set<String> roles) {
    static TokenResponse of(TokenIssuer.IssuedToken token, AppUser user) {
      return new TokenResponse(
          token.accessToken(), "Bearer", token.lifetime().toSeconds(), user.roles());
    }
  }

  /**
   * A token for an enabled account whose password matches. Unknown names, wrong passwords and
   * disabled accounts get the same answer after the same work (a decoy hash for unknown names).
   */
  @APIResponseSchema(
      value = TokenResponse.class,
      responseCode = "200",
      responseDescription = "A signed token for the account")
  @POST
  @Path("token")
  @Consumes(MediaType.APPLICATION_JSON)
  public void token(
      @NotNull(message = "a JSON body is required") @Valid Credentials credentials,
      @Suspended AsyncResponse response) {
    requireBuiltInIssuer();
    String username = credentials.username;
    String address = http.getRemoteAddr();
    Duration hold = throttle.admit(username, address);
    AppUser user = accounts.find(username).orElse(null);
    answer(
        response,
        hashing
            .verify(credentials.password, user == null ? null : user.passwordHash(), hold)
            .thenApply(
                matches -> {
                  if (!matches || !user.enabled()) {
                    throttle.failed(username, address);
                    throw new ProblemException.Unauthorized(SIGN_IN_REFUSED);
                  }
                  throttle.succeeded(username);
                  return TokenResponse.of(issuer.issue(user), user);
                }));
  }

  /**
   * Changes the caller's own password: the current one is required (and throttled like a sign-in).
   * Every token of the account ends, the one of this request included; the answer is a fresh token,
   * so this client carries on while every other session must sign in again.
   */
  @APIResponseSchema(
      value = TokenResponse.class,
      responseCode = "200",
      responseDescription = "The password changed; a fresh token for this client")
  @POST
  @Path("password")
  @RolesAllowed({Roles.ADMIN, Roles.USER})
  @Consumes(MediaType.APPLICATION_JSON)
  public void changePassword(
      @NotNull(message = "a JSON body is required") @Valid PasswordChange change,
      @Suspended AsyncResponse response) {
    requireBuiltInIssuer();
    String username = jwt.getName();
    Long generation = TokenRevocation.generation(jwt.getClaim(TokenRevocation.CLAIM));
    if (generation == null) {
      throw new ProblemException.Conflict(
          "This token comes from an external issuer: change the password there.");
    }
    UserAccounts.checkPassword("new_password", change.newPassword);
    if (change.newPassword.equals(change.currentPassword)) {
      throw new ProblemException.InvalidInput("new_password: must differ from the current one.");
    }
    AppUser user =
        accounts
            .find(username)
            .orElseThrow(() -> new ProblemException.Unauthorized(TokenRevocation.REVOKED));
    String address = http.getRemoteAddr();
    Duration hold = throttle.admit(username, address);
    answer(
        response,
        hashing
            .run(
                hold,
                () ->
                    hashing.matches(change.currentPassword, user.passwordHash())
                        ? hashing.generate(change.newPassword)
                        : null)
            .thenApply(
                newHash -> {
                  if (newHash == null) {
                    throttle.failed(username, address);
                    throw new ProblemException.Forbidden(
                        "current_password: does not match; nothing was changed.");
                  }
                  throttle.succeeded(username);
                  AppUser changed = accounts.changePassword(username, generation, newHash);
                  return TokenResponse.of(issuer.issue(changed), changed);
                }));
  }

  private void requireBuiltInIssuer() {
    if (!config.builtInIssuer) {
      throw new ProblemException.NotFound(
          "The built-in token issuer is disabled: get a token from the configured external issuer.");
    }
  }

  /** Resumes the request with the result, or with the failure for the problem mapper. */
  private static void answer(AsyncResponse response, CompletableFuture<?> result) {
    response.setTimeout(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS);
    response.setTimeoutHandler(
        timedOut ->
            timedOut.resume(
                new ProblemException.Unavailable(
                    "The password check took too long; try again.",
                    PasswordHashing.RETRY_WHEN_BUSY)));
    result.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            response.resume(value);
          } else {
            response.resume(
                failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure);
          }
        });
  }
}
