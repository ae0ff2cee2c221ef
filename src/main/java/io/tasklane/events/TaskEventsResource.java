package io.tasklane.events;

import io.tasklane.system.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/system/task-events/stats}. The stream itself, at {@code /api/system/task-events},
 * is served by {@link TaskEventsServlet}: its exact servlet mapping wins over JAX-RS's {@code
 * /api/*}, so only the paths below it reach this resource.
 */
@Path("/system/task-events")
@RequestScoped
public class TaskEventsResource {
  @Inject TaskEventHub hub;

  /** Admin: how many streams this instance holds open, and the last event id it handed on. */
  @GET
  @Path("stats")
  @RolesAllowed(Roles.ADMIN)
  @Produces(MediaType.APPLICATION_JSON)
  public Stats stats() {
    return new Stats(hub.openConnections(), hub.position());
  }

  public record Stats(int openConnections, long lastEventId) {}
}
