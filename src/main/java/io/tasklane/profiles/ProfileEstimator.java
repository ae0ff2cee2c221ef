package io.tasklane.profiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Estimates for new tasks from the measurements of finished ones, pure so that it is tested with
 * fixed samples. Per task type and size bucket it takes robust quantiles (p50, p90) of CPU time per
 * bar (per task for a type without bars), cores (CPU time / wall time) and bytes allocated per bar.
 * A new task is estimated at its bucket's p90 scaled by its bars; a bucket with fewer than {@code
 * minSamples} measurements lends to none, and the nearest bucket within {@link #NEIGHBOURS} that
 * has enough stands in (the larger estimate when two are equally near). Without one, there is no
 * estimate and the caller keeps its configured default.
 */
public final class ProfileEstimator {
  /**
   * How many buckets away a neighbour may stand in: two buckets are a factor of 16 in size, beyond
   * which a fixed part of the cost (start-up, reading) would be scaled as if it grew with bars.
   */
  static final int NEIGHBOURS = 2;

  /** One finished task's measurement. */
  public record Sample(
      String taskType, long bars, double cpuMs, double wallMs, long allocatedBytes) {
    int bucket() {
      return TaskSize.bucketOf(bars);
    }

    /** Bars for a sized task; a task without bars counts as one unit. */
    double units() {
      return bars > 0 ? bars : 1;
    }

    double cores() {
      return cpuMs / Math.max(wallMs, 1);
    }
  }

  /** What a new task of {@code bars} is expected to use, and the bucket that said so. */
  public record Estimate(double cpuMs, double cores, double allocatedMb, int bucket, int samples) {}

  /** One type and bucket's statistics: quantiles are per task, CPU and allocation per task too. */
  public record BucketProfile(
      String taskType,
      int bucket,
      int samples,
      long minBars,
      long maxBars,
      double cpuMsPerUnitP50,
      double cpuMsPerUnitP90,
      double cpuMsP50,
      double cpuMsP90,
      double coresP50,
      double coresP90,
      double wallMsP50,
      double wallMsP90,
      double allocatedMbPerUnitP90,
      double allocatedMbP50,
      double allocatedMbP90) {}

  private static final double MB = 1024.0 * 1024.0;

  private final int minSamples;
  private final Map<String, TreeMap<Integer, BucketProfile>> byType = new TreeMap<>();

  public ProfileEstimator(List<Sample> samples, int minSamples) {
    this.minSamples = Math.max(1, minSamples);
    Map<String, TreeMap<Integer, List<Sample>>> grouped = new TreeMap<>();
    for (Sample s : samples) {
      grouped
          .computeIfAbsent(s.taskType(), t -> new TreeMap<>())
          .computeIfAbsent(s.bucket(), b -> new ArrayList<>())
          .add(s);
    }
    grouped.forEach(
        (type, buckets) -> {
          TreeMap<Integer, BucketProfile> profiles = new TreeMap<>();
          buckets.forEach((bucket, list) -> profiles.put(bucket, profile(type, bucket, list)));
          byType.put(type, profiles);
        });
  }

  /** Every type and bucket with at least one measurement, in order. */
  public List<BucketProfile> buckets() {
    List<BucketProfile> all = new ArrayList<>();
    byType.values().forEach(b -> all.addAll(b.values()));
    return all;
  }

  /** The estimate for a new task of {@code taskType} with {@code bars} (0: no size), if learned. */
  public Optional<Estimate> estimate(String taskType, long bars) {
    TreeMap<Integer, BucketProfile> buckets = byType.get(taskType);
    if (buckets == null) {
      return Optional.empty();
    }
    int own = TaskSize.bucketOf(bars);
    double units = bars > 0 ? bars : 1;
    for (int distance = 0; distance <= (own == 0 ? 0 : NEIGHBOURS); distance++) {
      Optional<Estimate> best = Optional.empty();
      for (int bucket :
          distance == 0 ? new int[] {own} : new int[] {own - distance, own + distance}) {
        BucketProfile p = bucket >= 1 || own == 0 ? buckets.get(bucket) : null;
        if (p != null && p.samples() >= minSamples) {
          Estimate e =
              new Estimate(
                  p.cpuMsPerUnitP90() * units,
                  p.coresP90(),
                  p.allocatedMbPerUnitP90() * units,
                  bucket,
                  p.samples());
          if (best.isEmpty() || e.cpuMs() > best.get().cpuMs()) {
            best = Optional.of(e);
          }
        }
      }
      if (best.isPresent()) {
        return best;
      }
    }
    return Optional.empty();
  }

  private static BucketProfile profile(String type, int bucket, List<Sample> samples) {
    return new BucketProfile(
        type,
        bucket,
        samples.size(),
        samples.stream().mapToLong(Sample::bars).min().orElse(0),
        samples.stream().mapToLong(Sample::bars).max().orElse(0),
        quantile(samples, s -> s.cpuMs() / s.units(), 0.5),
        quantile(samples, s -> s.cpuMs() / s.units(), 0.9),
        quantile(samples, Sample::cpuMs, 0.5),
        quantile(samples, Sample::cpuMs, 0.9),
        quantile(samples, Sample::cores, 0.5),
        quantile(samples, Sample::cores, 0.9),
        quantile(samples, Sample::wallMs, 0.5),
        quantile(samples, Sample::wallMs, 0.9),
        quantile(samples, s -> s.allocatedBytes() / MB / s.units(), 0.9),
        quantile(samples, s -> s.allocatedBytes() / MB, 0.5),
        quantile(samples, s -> s.allocatedBytes() / MB, 0.9));
  }

  private static <T> double quantile(List<T> samples, ToDoubleFunction<T> value, double q) {
    double[] values = samples.stream().mapToDouble(value).toArray();
    return quantile(values, q);
  }

  /**
   * The {@code q} quantile, interpolated between the two nearest ranks (one outlier among ten moves
   * p90 by a fraction of its excess, the median not at all).
   */
  static double quantile(double[] values, double q) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double rank = q * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
  }
}
