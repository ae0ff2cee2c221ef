package io.tasklane.models;

import io.tasklane.engines.DirectionForecaster;
import io.tasklane.engines.FeatureSet;
import io.tasklane.engines.PriceSeries;
import io.tasklane.security.UserAccounts;
import io.tasklane.system.ProblemException;
import io.tasklane.system.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.UUID;

/** A stored model's up-probabilities for every bar of a series: what ml_predictive trades on. */
@ApplicationScoped
public class ModelForecaster implements DirectionForecaster {
  @Inject TrainedModels models;
  @Inject UserAccounts accounts;

  @Override
  public Forecast forecast(String modelId, PriceSeries series, String userId) {
    TrainedModel model =
        resolve(models, modelId, series.symbol(), series.timeframe().code(), viewerOf(userId));
    return new Forecast(model.id().toString(), model.version(), probabilities(model, series));
  }

  @Override
  public void checkUsable(String modelId, String userId, boolean admin) {
    ModelViewer viewer = new ModelViewer(userId, admin);
    if (models.find(UUID.fromString(modelId)).filter(viewer::sees).isEmpty()) {
      throw new ProblemException.NotFound("No model " + modelId + ".");
    }
  }

  /**
   * A task's owner as a viewer of models. A running task has no token, so the admin role comes from
   * the local account; an external issuer's admin without one uses its own and shared models.
   */
  ModelViewer viewerOf(String userId) {
    boolean admin = accounts.find(userId).map(u -> u.roles().contains(Roles.ADMIN)).orElse(false);
    return new ModelViewer(userId, admin);
  }

  /**
   * The model by id, or the latest of the symbol and timeframe, among those {@code viewer} sees. A
   * model of another user is reported as missing: its existence is not the viewer's business.
   */
  static TrainedModel resolve(
      TrainedModels models, String modelId, String symbol, String timeframe, ModelViewer viewer) {
    if (modelId != null) {
      return models
          .find(UUID.fromString(modelId))
          .filter(viewer::sees)
          .orElseThrow(
              () -> new IllegalArgumentException("No stored model with id " + modelId + "."));
    }
    return models
        .latest(symbol, timeframe, viewer)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "No trained model for "
                        + symbol
                        + " "
                        + timeframe
                        + "; submit a model_training task first or pass a model_id."));
  }

  /** One probability per bar, NaN for the feature warm-up. */
  static double[] probabilities(TrainedModel model, PriceSeries series) {
    if (!model.features().equals(FeatureSet.NAMES)) {
      throw new IllegalArgumentException(
          "Model "
              + model.id()
              + " was trained on features "
              + model.features()
              + "; this server computes "
              + FeatureSet.NAMES
              + ". Train a new model.");
    }
    double[] p = new double[series.size()];
    Arrays.fill(p, Double.NaN);
    int first = FeatureSet.WARMUP_BARS;
    int count = series.size() - first;
    if (count <= 0) {
      return p;
    }
    float[] rows = FeatureSet.rows(series);
    float[] predicted =
        DirectionModel.predict(
            model.modelBytes(),
            Arrays.copyOfRange(rows, first * FeatureSet.WIDTH, rows.length),
            count);
    for (int i = 0; i < count; i++) {
      p[first + i] = predicted[i];
    }
    return p;
  }
}
