package io.tasklane.client;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/** {@code /api/tasks}: submit, list, inspect, reprioritise and cancel tasks. */
@Path("/api/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RegisterProvider(TasklaneJson.class)
@RegisterProvider(ProblemResponseMapper.class)
public interface TasksApi {
  /**
   * A task to submit: {@code taskType} and its {@code parameters} (see README for each type); the
   * other fields are optional (null: the server's default). {@code dependsOn} names tasks (the
   * caller's own) that must complete before this one starts.
   */
  record SubmitTask(
      String taskType,
      JsonObject parameters,
      Integer priority,
      Long timeoutSeconds,
      Integer maxAttempts,
      Double estimatedCpuCores,
      Double estimatedRamGb,
      List<UUID> dependsOn) {
    public static SubmitTask of(String taskType, JsonObject parameters) {
      return new SubmitTask(taskType, parameters, null, null, null, null, null, null);
    }

    public SubmitTask withPriority(int newPriority) {
      return new SubmitTask(
          taskType,
          parameters,
          newPriority,
          timeoutSeconds,
          maxAttempts,
          estimatedCpuCores,
          estimatedRamGb,
          dependsOn);
    }

    public SubmitTask withDependsOn(List<UUID> tasks) {
      return new SubmitTask(
          taskType,
          parameters,
          priority,
          timeoutSeconds,
          maxAttempts,
          estimatedCpuCores,
          estimatedRamGb,
          List.copyOf(tasks));
    }
  }

  record Batch(List<SubmitTask> tasks) {}

  record Accepted(UUID taskId, String status, Long queuePosition, String message) {}

  record BatchAccepted(List<UUID> taskIds, String status, String message) {}

  record Page(List<TaskView> items, int page, int size, long total) {}

  record PriorityChange(int priority) {}

  @POST
  Accepted submit(SubmitTask task);

  /** All stored or none: one bad task refuses the batch with a problem naming it. */
  @POST
  @Path("batch")
  BatchAccepted submitBatch(Batch batch);

  /**
   * Newest first unless {@code sort}/{@code order} say otherwise. Null filters are not sent; {@code
   * userId} is for admins; {@code symbol} and {@code strategy} match the stored parameters; {@code
   * from}/{@code to} are UTC days of {@code queued_at} (YYYY-MM-DD, both inclusive); {@code sort}
   * one of queued_at, started_at, finished_at, priority, status, task_type, user_id; {@code order}
   * asc or desc. {@code page} from 0, {@code size} 1 to 200.
   */
  @GET
  Page list(
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
      @QueryParam("size") @DefaultValue("50") int size);

  @GET
  @Path("{id}")
  TaskView get(@PathParam("id") UUID id);

  /** A completed backtest's every bar: {@code {columns, rows}}. */
  @GET
  @Path("{id}/series")
  JsonObject series(@PathParam("id") UUID id);

  @POST
  @Path("{id}/cancel")
  TaskView cancel(@PathParam("id") UUID id);

  /** Only a queued task's priority can change (409 otherwise). */
  @PATCH
  @Path("{id}")
  TaskView reprioritize(@PathParam("id") UUID id, PriorityChange change);
}
