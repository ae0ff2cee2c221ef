package io.tasklane.engines;

/**
 * Buys weakness, sells strength: go long when the RSI falls below {@code oversold}, go flat when it
 * rises above {@code overbought}, otherwise keep the current position.
 */
public final class RsiMeanReversion implements Strategy {
  private final int period;
  private final double oversold;
  private final double overbought;

  /**
   * @throws IllegalArgumentException unless {@code period >= 2} and {@code 0 < oversold <
   *     overbought < 100}
   */
  public RsiMeanReversion(int period, double oversold, double overbought) {
    if (period < 2) {
      throw new IllegalArgumentException("period must be >= 2, got " + period);
    }
    if (!(oversold > 0 && oversold < overbought && overbought < 100)) {
      throw new IllegalArgumentException(
          "need 0 < oversold < overbought < 100, got " + oversold + " and " + overbought);
    }
    this.period = period;
    this.oversold = oversold;
    this.overbought = overbought;
  }

  @Override
  public String name() {
    return "rsi_mean_reversion";
  }

  @Override
  public byte[] positions(PriceSeries series) {
    double[] rsi = Indicators.rsi(series.close(), period);
    byte[] positions = new byte[rsi.length];
    byte holding = 0;
    for (int i = 0; i < rsi.length; i++) {
      if (rsi[i] < oversold) {
        holding = 1;
      } else if (rsi[i] > overbought) {
        holding = 0;
      }
      positions[i] = holding;
    }
    return positions;
  }
}
