package io.tasklane.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.engines.FeatureSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class DirectionModelTest {
  private static final DirectionModel.Hyperparameters HYPER =
      new DirectionModel.Hyperparameters(30, 3, 0.3, 1);

  /** Rows whose label is 1 exactly when the first feature is positive: learnable. */
  private static float[][] learnable(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] rows = new float[n * FeatureSet.WIDTH];
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < FeatureSet.WIDTH; f++) {
        rows[i * FeatureSet.WIDTH + f] = (float) (random.nextDouble() * 2 - 1);
      }
      labels[i] = rows[i * FeatureSet.WIDTH] > 0 ? 1 : 0;
    }
    return new float[][] {rows, labels};
  }

  @Test
  void a_learnable_pattern_is_learnt_and_the_stored_bytes_predict_it() {
    float[][] train = learnable(2_000, 1);
    float[][] test = learnable(500, 2);

    byte[] model = DirectionModel.train(train[0], train[1], HYPER, 2, (r, n) -> {});
    ClassifierMetrics metrics =
        ClassifierMetrics.of(test[1], DirectionModel.predict(model, test[0], 500));

    assertTrue(metrics.accuracy() > 0.95, "accuracy " + metrics.accuracy());
    assertTrue(metrics.auc() > 0.95, "auc " + metrics.auc());
  }

  @Test
  void the_same_data_trains_the_same_model() {
    float[][] train = learnable(2_000, 3);
    byte[] first = DirectionModel.train(train[0], train[1], HYPER, 2, (r, n) -> {});
    byte[] second = DirectionModel.train(train[0], train[1], HYPER, 2, (r, n) -> {});
    assertArrayEquals(
        DirectionModel.predict(first, train[0], 2_000),
        DirectionModel.predict(second, train[0], 2_000));
  }

  @Test
  void every_round_asks_first_so_a_cancel_stops_training() {
    float[][] train = learnable(500, 4);
    List<Integer> rounds = new ArrayList<>();
    assertThrows(
        CancellationException.class,
        () ->
            DirectionModel.train(
                train[0],
                train[1],
                HYPER,
                1,
                (round, total) -> {
                  rounds.add(round);
                  if (round == 5) {
                    throw new CancellationException("cancelled");
                  }
                }));
    assertEquals(List.of(0, 1, 2, 3, 4, 5), rounds);
  }

  /**
   * The pacing that holds a training task to a grant below its threads, end to end on XGBoost: two
   * threads on half a core. The process's CPU time (its other threads too: GC, JIT) over the wall
   * time stays within the grant, with a margin for those; other load on the machine only lowers it.
   */
  @Test
  void training_on_two_threads_paced_to_half_a_core_uses_no_more_than_half_a_core() {
    // Seconds of training, so that the JVM's own background work (JIT compiling what earlier tests
    // ran, GC) is a small part of the process's CPU time over it.
    float[][] train = learnable(100_000, 5);
    DirectionModel.Hyperparameters deep = new DirectionModel.Hyperparameters(100, 6, 0.3, 1);
    DirectionModel.train(train[0], train[1], deep, 2, (r, n) -> {}); // loads the native library
    var os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    io.tasklane.tasks.CpuPacer pacer = io.tasklane.tasks.CpuPacer.start(0.5);
    long cpuBefore = os.getProcessCpuTime();
    long wallBefore = System.nanoTime();

    DirectionModel.train(
        train[0],
        train[1],
        deep,
        2,
        (round, rounds) -> pacer.stepDone(2, DirectionModelTest::pause));
    pacer.stepDone(2, DirectionModelTest::pause);

    double cores = (os.getProcessCpuTime() - cpuBefore) / (double) (System.nanoTime() - wallBefore);
    assertTrue(cores <= 0.5 + 0.15, "used " + cores + " cores on a grant of 0.5");
  }

  private static void pause(java.time.Duration duration) {
    try {
      Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
  }
}
