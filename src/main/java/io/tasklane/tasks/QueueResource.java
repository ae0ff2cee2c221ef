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
import java.util.List;

/** {@code GET /api/system/queue}: what waits and what runs, the caller's own unless admin. */
@Path("/system/queue")
@RequestScoped
@RolesAllowed({Roles.ADMIN, Roles.USER})
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {
  /** Lists are capped; the counts are exact. */
  static final int LIST_LIMIT = 100;

  @Inject TaskRepository tasks;
  @Inject Caller caller;

  public record QueueView(
      long queuedCount,
      long runningCount,
      List<TaskView> queuedTasks,
      List<TaskView> runningTasks) {}

  @GET
  public QueueView queue() {
    String owner = caller.admin() ? null : caller.name();
    return new QueueView(
        tasks.countInStatus(TaskStatus.QUEUED, owner),
        tasks.countInStatus(TaskStatus.RUNNING, owner),
        tasks.inStatus(TaskStatus.QUEUED, owner, LIST_LIMIT).stream()
            .map(t -> TaskView.of(t, tasks.queuePosition(t)))
            .toList(),
        tasks.inStatus(TaskStatus.RUNNING, owner, LIST_LIMIT).stream()
            .map(t -> TaskView.of(t, null))
            .toList());
  }
}
