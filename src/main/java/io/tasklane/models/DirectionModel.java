package io.tasklane.models;

import io.tasklane.engines.FeatureSet;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees (XGBoost4J) that estimate the probability of an up bar from {@link
 * FeatureSet} rows. Models travel as XGBoost's UBJSON bytes, its documented format across versions,
 * never as Java serialisation. Training is deterministic: fixed seed, no subsampling.
 */
public final class DirectionModel {
  public static final String ALGORITHM = "xgboost-gbtree";

  /** Tree settings a training task may choose. */
  public record Hyperparameters(
      int rounds, int maxDepth, double learningRate, double minChildWeight) {
    Map<String, Object> toXgboost(int threads) {
      Map<String, Object> params = new TreeMap<>();
      params.put("objective", "binary:logistic");
      params.put("eval_metric", "logloss");
      params.put("tree_method", "hist");
      params.put("max_depth", maxDepth);
      params.put("eta", learningRate);
      params.put("min_child_weight", minChildWeight);
      params.put("seed", 7);
      params.put("nthread", threads);
      params.put("verbosity", 0);
      return params;
    }
  }

  /** Called before every boosting round; throw to stop (cancel, timeout). */
  @FunctionalInterface
  public interface RoundListener {
    void beforeRound(int round, int rounds);
  }

  private DirectionModel() {}

  /** Trains on {@code rows} (row-major, {@link FeatureSet#WIDTH} wide) and returns UBJSON bytes. */
  public static byte[] train(
      float[] rows, float[] labels, Hyperparameters hyper, int threads, RoundListener listener) {
    DMatrix train = null;
    Booster booster = null;
    try {
      train = new DMatrix(rows, labels.length, FeatureSet.WIDTH, Float.NaN);
      train.setLabel(labels);
      booster = XGBoost.train(train, hyper.toXgboost(threads), 0, Map.of(), null, null);
      for (int round = 0; round < hyper.rounds(); round++) {
        listener.beforeRound(round, hyper.rounds());
        booster.update(train, round);
      }
      return booster.toByteArray("ubj");
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost training failed: " + e.getMessage(), e);
    } finally {
      if (booster != null) {
        booster.dispose();
      }
      if (train != null) {
        train.dispose();
      }
    }
  }

  /** The probability of an up bar for each row of {@code rows}. */
  public static float[] predict(byte[] model, float[] rows, int rowCount) {
    return predict(model, rows, rowCount, 1);
  }

  /** As {@link #predict(byte[], float[], int)}, on {@code threads} of XGBoost's. */
  public static float[] predict(byte[] model, float[] rows, int rowCount, int threads) {
    if (rowCount == 0) {
      return new float[0];
    }
    DMatrix matrix = null;
    Booster booster = null;
    try {
      booster = XGBoost.loadModel(model);
      // A loaded model would otherwise predict on every core, beyond what its task was granted.
      booster.setParam("nthread", threads);
      matrix = new DMatrix(rows, rowCount, FeatureSet.WIDTH, Float.NaN);
      float[][] predicted = booster.predict(matrix);
      float[] probabilities = new float[rowCount];
      for (int i = 0; i < rowCount; i++) {
        probabilities[i] = predicted[i][0];
      }
      return probabilities;
    } catch (XGBoostError | IOException e) {
      throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
    } finally {
      if (booster != null) {
        booster.dispose();
      }
      if (matrix != null) {
        matrix.dispose();
      }
    }
  }
}
