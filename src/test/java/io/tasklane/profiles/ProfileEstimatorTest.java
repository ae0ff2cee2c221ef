package io.tasklane.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.profiles.ProfileEstimator.Sample;
import io.tasklane.resources.AdmissionRule;
import io.tasklane.resources.AdmissionSettings;
import io.tasklane.resources.ResourceEstimate;
import io.tasklane.resources.ResourcesConfig;
import io.tasklane.support.ConfigDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProfileEstimatorTest {
  private static final long MB = 1024 * 1024;

  /** {@code n} backtests of {@code bars} at {@code msPerBar}, i = 1..n times the base rate / n. */
  private static List<Sample> backtests(int n, long bars, double msPerBar) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      double cpu = msPerBar * bars * i / n;
      samples.add(new Sample("backtest", bars, cpu, cpu, bars * MB));
    }
    return samples;
  }

  @Test
  void quantiles_interpolate_between_ranks_and_one_outlier_does_not_move_the_median() {
    double[] tenValues = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertEquals(5.5, ProfileEstimator.quantile(tenValues, 0.5), 1e-9);
    assertEquals(9.1, ProfileEstimator.quantile(tenValues, 0.9), 1e-9);

    double[] withOutlier = {1, 2, 3, 4, 5, 6, 7, 8, 9, 1_000};
    assertEquals(5.5, ProfileEstimator.quantile(withOutlier, 0.5), 1e-9);
    assertEquals(7, ProfileEstimator.quantile(new double[] {7}, 0.9), 0);
  }

  @Test
  void a_new_task_is_estimated_at_its_buckets_p90_per_bar_scaled_by_its_bars() {
    // 10 samples of 400 bars (bucket 5) at 0.01..0.1 ms per bar: p90 per bar is 0.091
    ProfileEstimator estimator = new ProfileEstimator(backtests(10, 400, 0.1), 5);

    ProfileEstimator.Estimate e = estimator.estimate("backtest", 1_000).orElseThrow();

    assertEquals(5, TaskSize.bucketOf(400));
    assertEquals(5, TaskSize.bucketOf(1_000));
    assertEquals(0.091 * 1_000, e.cpuMs(), 1e-6);
    assertEquals(1.0, e.cores(), 1e-9, "cpu = wall: one core");
    assertEquals(1_000, e.allocatedMb(), 1e-6, "1 MB per bar");
    assertEquals(5, e.bucket());
    assertEquals(10, e.samples());
  }

  @Test
  void a_type_without_bars_is_estimated_per_task() {
    List<Sample> samples = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      samples.add(new Sample("prediction", 0, 100 * i, 50 * i, 0));
    }
    ProfileEstimator.Estimate e =
        new ProfileEstimator(samples, 5).estimate("prediction", 0).orElseThrow();

    assertEquals(910, e.cpuMs(), 1e-9);
    assertEquals(2.0, e.cores(), 1e-9, "native threads: twice the wall time in CPU");
    assertEquals(0, e.bucket());
  }

  @Test
  void below_min_samples_a_bucket_gives_no_estimate_and_the_defaults_stay() {
    ProfileEstimator estimator = new ProfileEstimator(backtests(4, 400, 0.1), 5);

    assertEquals(Optional.empty(), estimator.estimate("backtest", 400));
    assertEquals(Optional.empty(), estimator.estimate("model_training", 400));
    assertTrue(
        new ProfileEstimator(backtests(5, 400, 0.1), 5).estimate("backtest", 400).isPresent());
  }

  @Test
  void a_bucket_without_history_borrows_from_the_nearest_neighbour_within_two_buckets() {
    ProfileEstimator estimator = new ProfileEstimator(backtests(10, 400, 0.1), 5); // bucket 5

    ProfileEstimator.Estimate oneUp = estimator.estimate("backtest", 2_000).orElseThrow(); // 6
    ProfileEstimator.Estimate twoDown = estimator.estimate("backtest", 30).orElseThrow(); // 3

    assertEquals(5, oneUp.bucket());
    assertEquals(0.091 * 2_000, oneUp.cpuMs(), 1e-6);
    assertEquals(0.091 * 30, twoDown.cpuMs(), 1e-6);
    assertEquals(Optional.empty(), estimator.estimate("backtest", 10), "bucket 2: too far");
    assertEquals(Optional.empty(), estimator.estimate("backtest", 0), "no bars: not a neighbour");
  }

  @Test
  void between_two_equally_near_neighbours_the_larger_estimate_wins() {
    List<Sample> samples = new ArrayList<>(backtests(10, 100, 0.5)); // bucket 4
    samples.addAll(backtests(10, 2_000, 0.1)); // bucket 6

    ProfileEstimator.Estimate e =
        new ProfileEstimator(samples, 5).estimate("backtest", 400).orElseThrow(); // bucket 5

    assertEquals(4, e.bucket());
    assertEquals(0.455 * 400, e.cpuMs(), 1e-6);
  }

  @Test
  void the_profiles_cores_are_floored_and_capped_by_the_admission_rule() {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      samples.add(new Sample("model_training", 0, 8_000, 1_000, 0)); // 8 cores
      samples.add(new Sample("prediction", 0, 0, 1_000, 0)); // waits on I/O: 0 cores
    }
    ProfileEstimator estimator = new ProfileEstimator(samples, 5);
    AdmissionRule rule =
        new AdmissionRule(AdmissionSettings.from(ConfigDefaults.of(ResourcesConfig.class), false));

    double heavy = estimator.estimate("model_training", 0).orElseThrow().cores();
    double idle = estimator.estimate("prediction", 0).orElseThrow().cores();

    assertEquals(8, heavy, 1e-9);
    assertEquals(
        rule.defaultCoresCap(2),
        rule.scaledDefault(new ResourceEstimate(heavy, 1), 2, null).cpuCores(),
        1e-9);
    assertEquals(0.05, rule.scaledDefault(new ResourceEstimate(idle, 1), 2, null).cpuCores(), 1e-9);
  }

  @Test
  void the_bucket_view_holds_per_task_quantiles() {
    ProfileEstimator estimator = new ProfileEstimator(backtests(10, 400, 0.1), 5);

    ProfileEstimator.BucketProfile p = estimator.buckets().get(0);

    assertEquals("backtest", p.taskType());
    assertEquals(10, p.samples());
    assertEquals(0.055 * 400, p.cpuMsP50(), 1e-6);
    assertEquals(0.091 * 400, p.cpuMsP90(), 1e-6);
    assertEquals(400, p.allocatedMbP90(), 1e-6);
  }
}
