package io.tasklane.client;

import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/** {@code /api/system}: the queue, the QuantConnect nodes, the host's resources, the profiles. */
@Path("/api/system")
@Produces(MediaType.APPLICATION_JSON)
@RegisterProvider(TasklaneJson.class)
@RegisterProvider(ProblemResponseMapper.class)
public interface SystemApi {
  /** The live event stream ({@code text/event-stream}), read by {@link TaskEventListener}. */
  String EVENTS_PATH = "/api/system/task-events";

  /** The admin's view of this instance's streams. */
  record EventStats(int openConnections, long lastEventId) {}

  /** The caller's own tasks unless admin; the lists are capped at 100. */
  record QueueView(
      long queuedCount,
      long runningCount,
      List<TaskView> queuedTasks,
      List<TaskView> runningTasks) {}

  /**
   * {@code taskId}, {@code userId}, {@code projectId} and {@code backtestId} are null to others.
   */
  record ActiveBacktest(
      int node,
      UUID taskId,
      String userId,
      Long projectId,
      String backtestId,
      Instant startedAt,
      long runtimeSeconds) {}

  record NodeStatus(
      int maxNodes,
      int activeCount,
      int availableNodes,
      double utilizationPercent,
      long queueLength,
      String mode,
      boolean configured,
      List<ActiveBacktest> activeBacktests) {}

  record Cpu(
      int totalCores, double availableCores, double usagePercent, double minThresholdCores) {}

  record Ram(double totalGb, double availableGb, double usagePercent, double minThresholdGb) {}

  record Heap(
      double maxGb,
      double usedGb,
      double liveAfterGcGb,
      double availableGb,
      double minThresholdGb,
      double bufferPercent) {}

  record Monitor(long samples, double samplingCpuMs) {}

  record Figures(
      Cpu cpu,
      Ram ram,
      Heap heap,
      double bufferPercent,
      double consumptionFactor,
      boolean devMode,
      Instant sampledAt,
      Monitor monitor) {}

  /** {@code resources} is null for a user (the key is absent from a user's answer). */
  record ResourcesView(Figures resources, QueueView queue, boolean isAdmin) {}

  record Estimate(double cpuMs, double cores, double allocatedMb, int fromBucket) {}

  record Bucket(
      String taskType,
      int sizeBucket,
      long minBars,
      long maxBars,
      int samples,
      double cpuMsP50,
      double cpuMsP90,
      double coresP50,
      double coresP90,
      double wallMsP50,
      double wallMsP90,
      double allocatedMbP50,
      double allocatedMbP90,
      long typicalBars,
      Estimate estimate) {}

  record Profiles(int minSamples, List<Bucket> profiles) {}

  record Cleared(int deleted) {}

  @GET
  @Path("queue")
  QueueView queue();

  @GET
  @Path("nodes")
  NodeStatus nodes();

  @GET
  @Path("resources")
  ResourcesView resources();

  /** Admin only: this instance's CPU, RAM and heap over the last hour. */
  @GET
  @Path("resources/history")
  JsonObject resourcesHistory();

  /** Admin only: QuantConnect nodes busy and backtests waiting over the last hour. */
  @GET
  @Path("nodes/history")
  JsonObject nodesHistory();

  /** Admin only. */
  @GET
  @Path("profiles")
  Profiles profiles();

  /** Admin only. */
  @GET
  @Path("task-events/stats")
  EventStats eventStats();

  /** Admin only: forgets every measurement. */
  @DELETE
  @Path("profiles")
  Cleared clearProfiles();
}
