package io.tasklane.engines;

/**
 * A trained model's probability, for each bar, that the next bar closes higher: what the {@code
 * ml_predictive} strategy trades on. Implemented by the models feature, which owns the stored
 * models; the engines only see probabilities.
 */
public interface DirectionForecaster {
  /**
   * @param modelId a stored model's id, or {@code null} for the latest model of the series' symbol
   *     and timeframe that {@code userId} may use
   * @param userId the task's owner: models belong to their creators unless shared
   * @return one probability per bar, {@code NaN} where the model's features are still warming up
   * @throws IllegalArgumentException if there is no such model the user may use
   */
  Forecast forecast(String modelId, PriceSeries series, String userId);

  /**
   * Refuses, at submission, a model the submitter may not use.
   *
   * @throws io.tasklane.system.ProblemException.NotFound if there is no such model they may see
   */
  void checkUsable(String modelId, String userId, boolean admin);

  /** The probabilities and the model that made them. */
  record Forecast(String modelId, int modelVersion, double[] probabilityUp) {}
}
