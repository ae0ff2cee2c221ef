package io.tasklane.engines;

/**
 * Time-series momentum: long while the return over the last {@code lookback} bars is above {@code
 * threshold}, flat otherwise.
 */
public final class Momentum implements Strategy {
  private final int lookback;
  private final double threshold;

  /**
   * @throws IllegalArgumentException unless {@code lookback >= 1} and {@code threshold > -1}
   */
  public Momentum(int lookback, double threshold) {
    if (lookback < 1) {
      throw new IllegalArgumentException("lookback must be >= 1, got " + lookback);
    }
    if (!(threshold > -1)) {
      throw new IllegalArgumentException("threshold must be > -1, got " + threshold);
    }
    this.lookback = lookback;
    this.threshold = threshold;
  }

  @Override
  public String name() {
    return "momentum";
  }

  @Override
  public byte[] positions(PriceSeries series) {
    double[] close = series.close();
    byte[] positions = new byte[close.length];
    for (int i = lookback; i < close.length; i++) {
      positions[i] = close[i] / close[i - lookback] - 1 > threshold ? (byte) 1 : 0;
    }
    return positions;
  }
}
