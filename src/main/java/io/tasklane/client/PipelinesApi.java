package io.tasklane.client;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/**
 * {@code /api/pipelines}: research pipelines, steps of tasks and gates run in dependency order. A
 * user sees their own pipelines, an admin all.
 */
@Path("/api/pipelines")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RegisterProvider(TasklaneJson.class)
@RegisterProvider(ProblemResponseMapper.class)
public interface PipelinesApi {
  record Accepted(UUID pipelineId, String status, String message) {}

  /**
   * A step: a task step has a {@code taskType} (and a {@code taskId} once released), a gate its
   * {@code gate}. {@code status} is the task's while it runs; {@code result} the task's result, in
   * {@code get} only.
   */
  record Step(
      String id,
      String taskType,
      JsonObject gate,
      List<String> dependsOn,
      String status,
      String detail,
      UUID taskId,
      Instant startedAt,
      Instant finishedAt,
      JsonObject result) {}

  record Pipeline(
      UUID pipelineId,
      String name,
      String userId,
      String status,
      String detail,
      Instant createdAt,
      Instant finishedAt,
      List<Step> steps) {
    public boolean finished() {
      return !"running".equals(status);
    }

    /** The step named {@code id}. */
    public Step step(String id) {
      return steps.stream()
          .filter(step -> step.id().equals(id))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no step " + id + " in " + name));
    }
  }

  record PipelinePage(List<Pipeline> items, int page, int size, long total) {}

  /**
   * {@code {name, steps}} or {@code {template, ...}} as README's "Pipelines" gives them; answers
   * 202 with its first steps queued.
   */
  @POST
  Accepted submit(JsonObject definition);

  /** Newest first; {@code page} from 0, {@code size} 1 to 200. */
  @GET
  PipelinePage list(
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size);

  /** With each task step's result. */
  @GET
  @Path("{id}")
  Pipeline get(@PathParam("id") UUID id);

  /** Cancels the unfinished steps' tasks; 409 once the pipeline has ended. */
  @POST
  @Path("{id}/cancel")
  Pipeline cancel(@PathParam("id") UUID id);
}
