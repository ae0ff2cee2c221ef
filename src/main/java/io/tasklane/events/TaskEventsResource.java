package io.tasklane.events;

import io.tasklane.security.BearerTokenVerifier;
import io.tasklane.system.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * {@code GET /api/system/task-events}: the live stream of the caller's tasks (every task for an
 * admin). It is deliberately outside container security: browsers' EventSource cannot send an
 * {@code Authorization} header, so the token may come as {@code ?token=}, which MicroProfile JWT
 * does not read; both are checked here by the one {@link BearerTokenVerifier}.
 */
@Path("/system/task-events")
@RequestScoped
public class TaskEventsResource {
  @Inject BearerTokenVerifier tokens;
  @Inject TaskEventHub hub;

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void subscribe(
      @Context SseEventSink sink,
      @Context Sse sse,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @QueryParam("token") String queryToken,
      @HeaderParam("Last-Event-ID") String lastEventIdHeader,
      @QueryParam("last_event_id") String lastEventIdQuery) {
    var token = tokens.verify(bearer(authorization, queryToken));
    hub.subscribe(
        sink,
        sse,
        token,
        position(lastEventIdHeader != null ? lastEventIdHeader : lastEventIdQuery));
  }

  /** Admin: how many streams this instance holds open, and the last event id it handed on. */
  @GET
  @Path("stats")
  @RolesAllowed(Roles.ADMIN)
  @Produces(MediaType.APPLICATION_JSON)
  public Stats stats() {
    return new Stats(hub.openConnections(), hub.position());
  }

  public record Stats(int openConnections, long lastEventId) {}

  static String bearer(String authorization, String queryToken) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    return queryToken;
  }

  /** A resumable position, or null (start afresh) for anything that is not one. */
  static Long position(String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return null;
    }
    try {
      long id = Long.parseLong(lastEventId.trim());
      return id >= 0 ? id : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
