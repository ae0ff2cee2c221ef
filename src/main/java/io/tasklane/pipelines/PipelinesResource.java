package io.tasklane.pipelines;

import io.tasklane.security.Caller;
import io.tasklane.system.ProblemException;
import io.tasklane.system.Roles;
import io.tasklane.system.StrictQueryParameters;
import io.tasklane.tasks.TaskStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/**
 * Submit, list, inspect and cancel research pipelines. A user sees only their own; an admin all.
 */
@Path("/pipelines")
@RequestScoped
@RolesAllowed({Roles.ADMIN, Roles.USER})
@Produces(MediaType.APPLICATION_JSON)
public class PipelinesResource {
  static final int MAX_SIZE = 200;

  @Inject PipelineSubmission submission;
  @Inject PipelineCommands commands;
  @Inject PipelineStore pipelines;
  @Inject TaskStore tasks;
  @Inject Caller caller;
  @Context UriInfo uri;

  /** Answer to a submission. */
  public record PipelineAccepted(UUID pipelineId, String status, String message) {}

  public record PipelinePage(List<PipelineView> items, int page, int size, long total) {}

  @APIResponseSchema(
      value = PipelineAccepted.class,
      responseCode = "202",
      responseDescription = "Stored; its first steps are queued; Location names the pipeline")
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response submit(JsonValue body) {
    if (body == null || body.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new ProblemException.InvalidInput(
          "A JSON object {name, steps} or {template, ...} is required.");
    }
    UUID id = submission.submit((JsonObject) body, caller.name());
    return Response.accepted(
            new PipelineAccepted(id, PipelineStatus.RUNNING.wireName(), "Pipeline accepted."))
        .location(uri.getBaseUriBuilder().path("pipelines").path(id.toString()).build())
        .build();
  }

  @GET
  public PipelinePage list(
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size) {
    StrictQueryParameters.requireBetween("page", page, 0, Integer.MAX_VALUE / MAX_SIZE - 1);
    StrictQueryParameters.requireBetween("size", size, 1, MAX_SIZE);
    String owner = caller.admin() ? null : caller.name();
    List<PipelineView> items =
        pipelines.page(owner, page, size).stream().map(p -> view(p, false)).toList();
    return new PipelinePage(items, page, size, pipelines.count(owner));
  }

  @GET
  @Path("{id}")
  public PipelineView get(@PathParam("id") UUID id) {
    return view(commands.visible(id, caller), true);
  }

  @POST
  @Path("{id}/cancel")
  public PipelineView cancel(@PathParam("id") UUID id) {
    return view(commands.cancel(id, caller), false);
  }

  private PipelineView view(Pipeline pipeline, boolean withResults) {
    return PipelineView.of(
        pipeline,
        pipelines.steps(pipeline.id()).stream()
            .map(
                s ->
                    new PipelineView.Part(
                        s, s.isGate() ? java.util.Optional.empty() : tasks.find(s.taskId())))
            .toList(),
        withResults);
  }
}
