package io.tasklane.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/** {@code /api/admin/users}: admin-only account management of the built-in identity store. */
@Path("/api/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RegisterProvider(TasklaneJson.class)
@RegisterProvider(ProblemResponseMapper.class)
public interface UsersApi {
  record NewUser(String username, String password, Set<String> roles) {}

  record NewPassword(String password) {}

  record User(String username, Set<String> roles, boolean enabled, Instant createdAt) {}

  @POST
  User create(NewUser user);

  @GET
  List<User> list();

  /** Disables the account: its tokens stop counting, its streams close, its tasks stay. */
  @DELETE
  @Path("{username}")
  User disable(@PathParam("username") String username);

  @PUT
  @Path("{username}/password")
  User resetPassword(@PathParam("username") String username, NewPassword password);

  /** Every token of the account stops counting; the password stays. */
  @POST
  @Path("{username}/sign-out")
  User signOut(@PathParam("username") String username);
}
