package io.tasklane.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClassifierMetricsTest {

  @Test
  void hand_computed_accuracy_auc_and_log_loss() {
    float[] labels = {1, 0, 1, 0};
    float[] p = {0.9f, 0.4f, 0.3f, 0.2f};

    ClassifierMetrics m = ClassifierMetrics.of(labels, p);

    // Right: 0.9 -> 1, 0.4 -> 0, 0.2 -> 0; wrong: 0.3 -> 0 for a 1.
    assertEquals(0.75, m.accuracy(), 1e-12);
    // Pairs (positive, negative): (0.9,0.4) (0.9,0.2) (0.3,0.2) ranked right, (0.3,0.4) wrong.
    assertEquals(0.75, m.auc(), 1e-12);
    double expected =
        -(Math.log(0.9f) + Math.log(1 - 0.4f) + Math.log(0.3f) + Math.log(1 - 0.2f)) / 4;
    assertEquals(expected, m.logLoss(), 1e-7); // probabilities are floats
    assertEquals(4, m.rows());
  }

  @Test
  void tied_scores_count_half_in_the_auc() {
    assertEquals(0.5, ClassifierMetrics.auc(new float[] {1, 0}, new float[] {0.5f, 0.5f}), 1e-12);
  }

  @Test
  void auc_is_a_half_when_only_one_class_is_present() {
    assertEquals(0.5, ClassifierMetrics.auc(new float[] {1, 1}, new float[] {0.2f, 0.7f}), 1e-12);
  }
}
