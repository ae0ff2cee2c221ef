package io.tasklane.security;

import io.tasklane.system.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/** Admin-only account management of the built-in identity store. */
@Path("/admin/users")
@RequestScoped
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {
  @Inject UserAccounts accounts;
  @Inject Caller caller;
  @Context UriInfo uri;

  public static class NewUser {
    @NotNull(message = "is required")
    public String username;

    @NotNull(message = "is required")
    public String password;

    @NotEmpty(message = "must name at least one role")
    public Set<String> roles;
  }

  public static class NewPassword {
    @NotNull(message = "is required")
    public String password;
  }

  public record UserView(String username, Set<String> roles, boolean enabled, Instant createdAt) {
    static UserView of(AppUser user) {
      return new UserView(user.username(), user.roles(), user.enabled(), user.createdAt());
    }
  }

  @APIResponseSchema(
      value = UserView.class,
      responseCode = "201",
      responseDescription = "The account, created")
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@NotNull(message = "a JSON body is required") @Valid NewUser user) {
    AppUser created = accounts.create(user.username, user.password, user.roles);
    return Response.created(uri.getAbsolutePathBuilder().path(created.username()).build())
        .entity(UserView.of(created))
        .build();
  }

  @GET
  public List<UserView> list() {
    return accounts.list().stream().map(UserView::of).toList();
  }

  /**
   * Disables the account: its tokens stop counting at once and its open event streams close; it can
   * no longer get tokens; its tasks and history stay.
   */
  @DELETE
  @Path("{username}")
  public UserView disable(@PathParam("username") String username) {
    return UserView.of(accounts.disable(username, caller.name()));
  }

  /** Sets another account's password; every token it has ends. */
  @PUT
  @Path("{username}/password")
  @Consumes(MediaType.APPLICATION_JSON)
  public UserView resetPassword(
      @PathParam("username") String username,
      @NotNull(message = "a JSON body is required") @Valid NewPassword body) {
    return UserView.of(accounts.resetPassword(username, body.password, caller.name()));
  }

  /** Ends every token of the account (its sessions everywhere); the password stays. */
  @POST
  @Path("{username}/sign-out")
  public UserView signOutEverywhere(@PathParam("username") String username) {
    return UserView.of(accounts.signOutEverywhere(username));
  }
}
