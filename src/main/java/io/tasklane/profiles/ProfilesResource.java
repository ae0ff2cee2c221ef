package io.tasklane.profiles;

import io.tasklane.system.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code /api/system/profiles} (admins only): the learned profiles per task type and size bucket,
 * with what a new task of the bucket's typical size would be estimated at; {@code DELETE} forgets
 * them all, so estimates return to the configured defaults until history builds up again.
 */
@Path("/system/profiles")
@RequestScoped
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ProfilesResource {
  @Inject ResourceProfiles profiles;

  /**
   * One type and size bucket. {@code estimate} is for a task of {@code typicalBars} (the bucket's
   * largest measured), null while the bucket and its neighbours lack {@code minSamples}.
   */
  public record BucketView(
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

  /** What a new task would be estimated at, and the bucket whose history said so. */
  public record Estimate(double cpuMs, double cores, double allocatedMb, int fromBucket) {}

  public record View(int minSamples, List<BucketView> profiles) {}

  public record Cleared(int deleted) {}

  @GET
  public View profiles() {
    ProfileEstimator estimator = profiles.current();
    return new View(
        profiles.minSamples(), estimator.buckets().stream().map(b -> view(b, estimator)).toList());
  }

  @DELETE
  public Cleared clear() {
    return new Cleared(profiles.clear());
  }

  private static BucketView view(ProfileEstimator.BucketProfile b, ProfileEstimator estimator) {
    Estimate estimate =
        estimator
            .estimate(b.taskType(), b.maxBars())
            .map(
                e ->
                    new Estimate(
                        round(e.cpuMs()), round(e.cores()), round(e.allocatedMb()), e.bucket()))
            .orElse(null);
    return new BucketView(
        b.taskType(),
        b.bucket(),
        b.minBars(),
        b.maxBars(),
        b.samples(),
        round(b.cpuMsP50()),
        round(b.cpuMsP90()),
        round(b.coresP50()),
        round(b.coresP90()),
        round(b.wallMsP50()),
        round(b.wallMsP90()),
        round(b.allocatedMbP50()),
        round(b.allocatedMbP90()),
        b.maxBars(),
        estimate);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
