package io.tasklane.scheduling;

import io.tasklane.resources.AdmissionRule;
import io.tasklane.resources.AdmissionSettings;
import io.tasklane.resources.HostResources;
import io.tasklane.resources.JvmHeap;
import io.tasklane.resources.ResourceSnapshot;
import io.tasklane.security.Caller;
import io.tasklane.system.Roles;
import io.tasklane.system.SampleRing;
import io.tasklane.tasks.QueueSummary;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/system/resources} in the seed's shape: the machine's figures for admins only, the
 * queue (own tasks unless admin), and whether the caller is an admin. Figures come from the
 * scheduler's cached sample: answering never measures.
 */
@Path("/system/resources")
@RequestScoped
@RolesAllowed({Roles.ADMIN, Roles.USER})
@Produces(MediaType.APPLICATION_JSON)
public class ResourcesResource {
  @Inject HostResources host;
  @Inject AdmissionRule rule;
  @Inject QueueSummary queue;
  @Inject Caller caller;
  @Inject ResourceHistory history;
  @Inject InstanceIdentity instance;

  public record Cpu(
      int totalCores, double availableCores, double usagePercent, double minThresholdCores) {}

  public record Ram(
      double totalGb, double availableGb, double usagePercent, double minThresholdGb) {}

  /**
   * The JVM heap local tasks run in: {@code availableGb} is the max less the live set after the
   * last collection, before the heap reserved for running tasks; {@code minThresholdGb} is always
   * kept free.
   */
  public record Heap(
      double maxGb,
      double usedGb,
      double liveAfterGcGb,
      double availableGb,
      double minThresholdGb,
      double bufferPercent) {}

  /** The cost of measuring, so an admin can see the monitor stays cheap. */
  public record Monitor(long samples, double samplingCpuMs) {}

  public record Figures(
      Cpu cpu,
      Ram ram,
      Heap heap,
      double bufferPercent,
      double consumptionFactor,
      boolean devMode,
      Instant sampledAt,
      Monitor monitor) {}

  /** A map, not a record, so that a user's answer has no {@code resources} key at all. */
  @GET
  public Map<String, Object> resources() {
    Map<String, Object> view = new LinkedHashMap<>();
    if (caller.admin()) {
      view.put("resources", figures());
    }
    view.put("queue", queue.of(caller));
    view.put("is_admin", caller.admin());
    return view;
  }

  /** One reading of the history: when, and the percentages. */
  public record Point(Instant at, double cpuPercent, double ramPercent, Double heapPercent) {}

  /**
   * @param windowSeconds how far back the history reaches at most
   */
  public record History(String instance, long windowSeconds, List<Point> points) {}

  /** This instance's last hour of CPU, RAM and heap, oldest first (admin only). */
  @GET
  @Path("history")
  @RolesAllowed(Roles.ADMIN)
  public History history() {
    List<Point> points =
        history.samples().stream()
            .map(
                (SampleRing.Sample<ResourceHistory.Reading> s) ->
                    new Point(
                        s.at(),
                        s.value().cpuPercent(),
                        s.value().ramPercent(),
                        s.value().heapPercent()))
            .toList();
    return new History(instance.name(), ResourceHistory.WINDOW.toSeconds(), points);
  }

  private Figures figures() {
    ResourceSnapshot s = host.latest();
    AdmissionSettings settings = rule.settings();
    return new Figures(
        new Cpu(
            s.totalCores(),
            round(s.availableCores()),
            round(s.cpuUsage() * 100),
            round(rule.minCores(s.totalCores()))),
        new Ram(
            round(s.totalRamGb()),
            round(s.availableRamGb()),
            round(100 * (1 - s.availableRamGb() / s.totalRamGb())),
            round(rule.minRamGb(s.totalRamGb()))),
        heap(s.heap()),
        settings.bufferPercent(),
        settings.consumptionFactor(),
        settings.devMode(),
        s.sampledAt(),
        new Monitor(host.samples(), round(host.samplingCpuTime().toNanos() / 1e6)));
  }

  private Heap heap(JvmHeap heap) {
    if (heap == null) {
      return null;
    }
    return new Heap(
        round(heap.maxGb()),
        round(heap.usedGb()),
        round(heap.liveAfterGcGb()),
        round(heap.freeGb()),
        round(rule.minHeapGb(heap.maxGb())),
        rule.settings().heapBufferPercent());
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
