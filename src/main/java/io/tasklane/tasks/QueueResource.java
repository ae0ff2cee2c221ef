package io.tasklane.tasks;

import io.tasklane.security.Caller;
import io.tasklane.system.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/system/queue}: what waits and what runs, the caller's own unless admin. */
@Path("/system/queue")
@RequestScoped
@RolesAllowed({Roles.ADMIN, Roles.USER})
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {
  @Inject QueueSummary summary;
  @Inject Caller caller;

  @GET
  public QueueSummary.QueueView queue() {
    return summary.of(caller);
  }
}
