package io.tasklane.models;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How well probabilities predict 0/1 labels.
 *
 * @param accuracy share of rows where {@code p >= 0.5} matches the label
 * @param auc area under the ROC curve: the chance that a random positive scores above a random
 *     negative (ties count half); 0.5 when one class is missing
 * @param logLoss mean negative log-likelihood, probabilities clipped to [1e-15, 1 - 1e-15]
 */
public record ClassifierMetrics(double accuracy, double auc, double logLoss, int rows) {
  private static final double EPSILON = 1e-15;

  public static ClassifierMetrics of(float[] labels, float[] probabilities) {
    int n = labels.length;
    if (n == 0 || probabilities.length != n) {
      throw new IllegalArgumentException(
          "need as many probabilities as labels (at least one), got "
              + probabilities.length
              + " and "
              + n);
    }
    int correct = 0;
    double loss = 0;
    for (int i = 0; i < n; i++) {
      boolean up = labels[i] > 0.5f;
      double p = Math.min(1 - EPSILON, Math.max(EPSILON, probabilities[i]));
      if ((p >= 0.5) == up) {
        correct++;
      }
      loss -= up ? Math.log(p) : Math.log(1 - p);
    }
    return new ClassifierMetrics((double) correct / n, auc(labels, probabilities), loss / n, n);
  }

  /** Mann–Whitney: sum of the positives' ranks (ties get their average rank). */
  static double auc(float[] labels, float[] scores) {
    int n = labels.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double positiveRankSum = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] > 0.5f) {
          positiveRankSum += averageRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return 0.5;
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
