package io.tasklane.engines;

import java.util.Objects;

/**
 * Trades on a model's probabilities that the next bar closes higher ({@code ml_predictive}): long
 * once the probability reaches {@code entry}, flat once it falls below {@code exit}, otherwise the
 * position is kept. Bars without a prediction ({@code NaN}, such as the model's warm-up) are flat.
 *
 * <p>Probability {@code i} must come from features of bars {@code 0..i} only; the model's feature
 * builder guarantees that, so this strategy inherits its freedom from look-ahead.
 */
public final class PredictedDirection implements Strategy {
  private final double[] probabilityUp;
  private final double entry;
  private final double exit;

  public PredictedDirection(double[] probabilityUp, double entry, double exit) {
    this.probabilityUp = Objects.requireNonNull(probabilityUp, "probabilityUp");
    if (!(exit > 0 && exit <= entry && entry < 1)) {
      throw new IllegalArgumentException(
          "need 0 < exit <= entry < 1, got entry " + entry + " and exit " + exit);
    }
    this.entry = entry;
    this.exit = exit;
  }

  @Override
  public String name() {
    return "ml_predictive";
  }

  @Override
  public byte[] positions(PriceSeries series) {
    if (series.size() != probabilityUp.length) {
      throw new IllegalArgumentException(
          probabilityUp.length + " probabilities for " + series.size() + " bars");
    }
    byte[] positions = new byte[probabilityUp.length];
    byte holding = 0;
    for (int i = 0; i < probabilityUp.length; i++) {
      double p = probabilityUp[i];
      if (Double.isNaN(p)) {
        holding = 0;
      } else if (p >= entry) {
        holding = 1;
      } else if (p < exit) {
        holding = 0;
      }
      positions[i] = holding;
    }
    return positions;
  }
}
