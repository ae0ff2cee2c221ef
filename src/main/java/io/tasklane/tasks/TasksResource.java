package io.tasklane.tasks;

import io.tasklane.security.Caller;
import io.tasklane.system.ProblemException;
import io.tasklane.system.Roles;
import io.tasklane.system.StrictQueryParameters;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/** Submit, list, inspect, reprioritise and cancel tasks. A user sees only their own. */
@Path("/tasks")
@RequestScoped
@RolesAllowed({Roles.ADMIN, Roles.USER})
@Produces(MediaType.APPLICATION_JSON)
public class TasksResource {
  @Inject TaskSubmission submission;
  @Inject SubmissionGroups groups;
  @Inject TaskCommands commands;
  @Inject TaskCancellation cancellation;
  @Inject TaskStore tasks;
  @Inject TaskHandlers handlers;
  @Inject Caller caller;
  @Context UriInfo uri;

  /** Answer to a submission, in the seed's shape. */
  @Schema(
      name = "Accepted",
      example =
          "{\"task_id\":\"5f0c7a53-2b8e-4d43-9a51-0c1d2e3f4a5b\",\"status\":\"queued\",\"queue_position\":1,\"message\":\"Task queued. Check Status Center for progress.\"}")
  public record Accepted(UUID taskId, String status, Long queuePosition, String message) {}

  /** Answer to a batch: its tasks' ids in the order they were sent. */
  @Schema(name = "BatchAccepted")
  public record BatchAccepted(List<UUID> taskIds, String status, String message) {}

  static final int MAX_SIZE = 200;

  /** The offset (page × size) must fit an int, the type JPA takes. */
  static final int MAX_PAGE = Integer.MAX_VALUE / MAX_SIZE - 1;

  public record Page(List<TaskView> items, int page, int size, long total) {}

  /** {@code PATCH} body: the only field a queued task lets its owner change. */
  public static class PriorityChange {
    @NotNull(message = "is required")
    @Min(-1000)
    @Max(1000)
    public Integer priority;
  }

  @APIResponseSchema(
      value = Accepted.class,
      responseCode = "202",
      responseDescription = "Stored and queued; Location names the task")
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response submit(
      @NotNull(message = "a JSON body is required") @Valid SubmitTaskRequest request) {
    TaskSubmission.Accepted accepted = groups.accept(request, caller.name(), caller.admin());
    Task task = accepted.task();
    return Response.accepted(
            new Accepted(
                task.id(),
                task.status().wireName(),
                accepted.queuePosition(),
                "Task queued. Check Status Center for progress."))
        .location(uri.getBaseUriBuilder().path("tasks").path(task.id().toString()).build())
        .build();
  }

  /** Many tasks at once, all stored or none; each is announced as a single submission is. */
  @APIResponseSchema(
      value = BatchAccepted.class,
      responseCode = "202",
      responseDescription = "Every task stored and queued, ids in the order sent")
  @POST
  @Path("batch")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response submitBatch(
      @NotNull(message = "a JSON body is required") @Valid SubmitBatchRequest request) {
    List<Task> accepted = submission.submitAll(request.tasks, caller.name(), caller.admin());
    return Response.accepted(
            new BatchAccepted(
                accepted.stream().map(Task::id).toList(),
                TaskStatus.QUEUED.wireName(),
                accepted.size() + " tasks queued. Check Status Center for progress."))
        .build();
  }

  @GET
  public Page list(
      @QueryParam("status") String status,
      @QueryParam("task_type") String taskType,
      @QueryParam("user_id") String userId,
      @QueryParam("symbol") String symbol,
      @QueryParam("strategy") String strategy,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("sort") String sort,
      @QueryParam("order") String order,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size) {
    StrictQueryParameters.requireBetween("page", page, 0, MAX_PAGE);
    StrictQueryParameters.requireBetween("size", size, 1, MAX_SIZE);
    if (userId != null && !caller.admin() && !userId.equals(caller.name())) {
      throw new ProblemException(403, "Forbidden", "Only an admin can list another user's tasks.");
    }
    String owner = caller.admin() ? userId : caller.name();
    TaskListQuery query =
        TaskListQuery.read(
            owner,
            status == null ? null : knownStatus(status),
            taskType,
            symbol,
            strategy,
            from,
            to,
            sort,
            order);
    // Internal types (a sweep's chunks) only when asked for by name.
    TaskStore.Filter filter =
        taskType == null ? query.filter().hiding(handlers.unlistedTypes()) : query.filter();
    List<TaskView> items =
        tasks.page(filter, query.sort(), page, size).stream()
            .map(t -> TaskView.of(t, tasks.queuePosition(t)))
            .toList();
    return new Page(items, page, size, tasks.count(filter));
  }

  @GET
  @Path("{id}")
  public TaskView get(@PathParam("id") UUID id) {
    Task task = commands.visible(id, caller);
    return TaskView.of(task, tasks.queuePosition(task));
  }

  /** Cancels even if a claim or a hand-off changes the task meanwhile (see TaskCancellation). */
  @POST
  @Path("{id}/cancel")
  public TaskView cancel(@PathParam("id") UUID id) {
    return TaskView.of(cancellation.cancel(id, caller), null);
  }

  @PATCH
  @Path("{id}")
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  public TaskView reprioritize(
      @PathParam("id") UUID id,
      @NotNull(message = "a JSON body is required") @Valid PriorityChange change) {
    Task task = commands.reprioritize(id, change.priority, caller);
    return TaskView.of(task, tasks.queuePosition(task));
  }

  private static TaskStatus knownStatus(String wireName) {
    return TaskStatus.fromWire(wireName)
        .orElseThrow(
            () ->
                new ProblemException.InvalidInput(
                    "Unknown status '"
                        + wireName
                        + "'; use one of queued, running, completed, failed, cancelled,"
                        + " timed_out."));
  }
}
