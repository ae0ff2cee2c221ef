package io.tasklane.tasks;

import io.tasklane.security.Caller;
import io.tasklane.system.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/**
 * The seed's {@code POST /api/backtests/run}: its body becomes the parameters of a {@code backtest}
 * task, and the answer keeps the seed's shape.
 */
@Path("/backtests")
@RequestScoped
@RolesAllowed({Roles.ADMIN, Roles.USER})
@Produces(MediaType.APPLICATION_JSON)
public class BacktestsResource {
  @Inject SubmissionGroups groups;
  @Inject Caller caller;
  @Context UriInfo uri;

  @Schema(name = "Started")
  public record Started(String status, UUID backtestId, String message) {}

  @APIResponseSchema(
      value = Started.class,
      responseCode = "202",
      responseDescription = "The backtest, stored and queued as a task")
  @POST
  @Path("run")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response run(@NotNull(message = "a JSON body is required") JsonObject body) {
    SubmitTaskRequest request = new SubmitTaskRequest();
    request.taskType = "backtest";
    request.parameters = body;
    Task task = groups.accept(request, caller.name(), caller.admin()).task();
    return Response.accepted(
            new Started(
                task.status().wireName(),
                task.id(),
                "Backtest queued. Check Status Center for progress."))
        .location(uri.getBaseUriBuilder().path("tasks").path(task.id().toString()).build())
        .build();
  }
}
