package io.tasklane.profiles;

import io.tasklane.resources.MeasuredUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The learned profiles of this cluster: records what each completed task used and answers what a
 * new one is expected to use. The rows live in the database (shared, surviving restarts); the
 * estimator built from them is reused for {@code tasklane.profiles.cache-ms}, so admission reads
 * the table once every few seconds at most.
 */
@ApplicationScoped
public class ResourceProfiles implements MeasuredUsage {
  private static final Logger LOG = Logger.getLogger(ResourceProfiles.class.getName());

  /**
   * Types whose library computes on threads of its own (XGBoost's native ones): their cost is the
   * process CPU over the run, which the task's own thread alone would understate.
   */
  static final Set<String> NATIVE_THREAD_TYPES = Set.of("model_training", "prediction");

  @Inject ProfileStore store;
  @Inject Clock clock;
  @Inject @ConfigProperties ProfilesConfig config;

  private volatile ProfileEstimator estimator;
  private volatile Instant readAt = Instant.MIN;

  /** What one completed task used, as its type's profile learns it. */
  public record Measurement(String taskType, TaskSize size, double cpuMs, UsageMeter.Usage usage) {}

  /** The measurement of a completed task of {@code taskType} with these parameters. */
  public static Measurement measure(
      String taskType, JsonObject parameters, UsageMeter.Usage usage) {
    return new Measurement(taskType, TaskSize.of(parameters), cost(taskType, usage), usage);
  }

  /** Stores measurements in the caller's transaction: with the outcomes of the tasks measured. */
  public void recordAll(List<Measurement> measurements) {
    store.addAll(measurements, clock.instant());
  }

  /** Deletes the measurements beyond {@code tasklane.profiles.samples-kept} per type and bucket. */
  public int prune() {
    return store.pruneBeyond(config.samplesKept);
  }

  /** The CPU milliseconds a profile learns from one measurement. */
  static double cost(String taskType, UsageMeter.Usage usage) {
    return NATIVE_THREAD_TYPES.contains(taskType)
        ? Math.max(usage.threadCpuMs(), usage.processCpuMs())
        : usage.threadCpuMs();
  }

  /** What a new task is expected to use, if its type has enough history near its size. */
  public Optional<ProfileEstimator.Estimate> estimate(String taskType, TaskSize size) {
    return estimator().estimate(taskType, size.bars());
  }

  @Override
  public OptionalDouble cores(String taskType, JsonObject parameters) {
    return estimate(taskType, TaskSize.of(parameters))
        .map(e -> OptionalDouble.of(e.cores()))
        .orElse(OptionalDouble.empty());
  }

  /**
   * The bytes a task allocated bound what it retains from above, so the learned heap need errs on
   * the safe side; without history, a task with bars needs {@code default-heap-bytes-per-bar} for
   * each (its series and the arrays a run builds over it).
   */
  @Override
  public OptionalDouble heapGb(String taskType, JsonObject parameters) {
    TaskSize size = TaskSize.of(parameters);
    Optional<ProfileEstimator.Estimate> learned = estimate(taskType, size);
    if (learned.isPresent()) {
      return OptionalDouble.of(learned.get().allocatedMb() / 1024);
    }
    return size.bars() > 0
        ? OptionalDouble.of(size.bars() * config.defaultHeapBytesPerBar / (1024.0 * 1024 * 1024))
        : OptionalDouble.empty();
  }

  /** Every type and size bucket measured, read afresh. */
  public ProfileEstimator current() {
    readAt = Instant.MIN;
    return estimator();
  }

  /** Forgets every measurement: estimates return to the configured defaults. */
  public int clear() {
    int deleted = store.clear();
    readAt = Instant.MIN;
    return deleted;
  }

  int minSamples() {
    return config.minSamples;
  }

  private ProfileEstimator estimator() {
    Instant now = clock.instant();
    ProfileEstimator cached = estimator;
    if (cached != null && readAt.plusMillis(config.cacheMs).isAfter(now)) {
      return cached;
    }
    synchronized (this) {
      if (estimator != null && readAt.plusMillis(config.cacheMs).isAfter(now)) {
        return estimator;
      }
      try {
        estimator = new ProfileEstimator(store.samples(), config.minSamples);
      } catch (RuntimeException e) {
        // Estimates fall back to the defaults (or the last profiles) until the table reads again.
        LOG.log(Level.WARNING, "Could not read the resource profiles; trying again later", e);
        if (estimator == null) {
          estimator = new ProfileEstimator(List.of(), config.minSamples);
        }
      }
      readAt = now;
      return estimator;
    }
  }
}
