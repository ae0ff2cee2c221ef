package io.tasklane.quantconnect;

import io.tasklane.security.Caller;
import io.tasklane.system.Roles;
import io.tasklane.system.SampleRing;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.Task;
import io.tasklane.tasks.TaskStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * {@code GET /api/system/nodes}: the seed's {@code get_node_status()}. Everyone sees how busy the
 * account's nodes are; which task runs on a node is shown to its owner and to admins only.
 */
@Path("/system/nodes")
@RequestScoped
@RolesAllowed({Roles.ADMIN, Roles.USER})
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {
  @Inject NodeGate gate;
  @Inject TaskStore tasks;
  @Inject @ConfigProperties QuantConnectSettings settings;
  @Inject Caller caller;
  @Inject Clock clock;
  @Inject NodeHistory history;

  public record ActiveBacktest(
      int node,
      UUID taskId,
      String userId,
      Long projectId,
      String backtestId,
      Instant startedAt,
      long runtimeSeconds) {}

  public record NodeStatus(
      int maxNodes,
      int activeCount,
      int availableNodes,
      double utilizationPercent,
      long queueLength,
      String mode,
      boolean configured,
      List<ActiveBacktest> activeBacktests) {}

  @GET
  public NodeStatus nodes() {
    Instant now = clock.instant();
    int max = settings.nodes();
    List<ActiveBacktest> active = new ArrayList<>();
    for (NodeSlot slot : gate.held()) {
      Task task = tasks.find(slot.taskId()).orElse(null);
      boolean visible = task != null && task.isVisibleTo(caller.name(), caller.admin());
      active.add(
          new ActiveBacktest(
              slot.slot(),
              visible ? slot.taskId() : null,
              visible ? task.userId() : null,
              visible ? slot.projectId() : null,
              visible ? slot.backtestId() : null,
              slot.acquiredAt(),
              slot.acquiredAt() == null
                  ? 0
                  : Duration.between(slot.acquiredAt(), now).toSeconds()));
    }
    int busy = Math.min(max, active.size());
    return new NodeStatus(
        max,
        active.size(),
        max - busy,
        Math.round(1000.0 * busy / max) / 10.0,
        tasks.countQueued(Lane.QUANTCONNECT),
        settings.mode().key(),
        settings.configured(),
        active);
  }

  public record NodePoint(Instant at, int busy, int max, long waiting) {}

  public record NodeHistoryView(long windowSeconds, List<NodePoint> points) {}

  /** Nodes held and backtests waiting over the last hour, oldest first (admin only). */
  @GET
  @Path("history")
  @RolesAllowed(Roles.ADMIN)
  public NodeHistoryView history() {
    return new NodeHistoryView(
        NodeHistory.WINDOW.toSeconds(),
        history.samples().stream()
            .map(
                (SampleRing.Sample<NodeHistory.Reading> s) ->
                    new NodePoint(s.at(), s.value().busy(), s.value().max(), s.value().waiting()))
            .toList());
  }
}
