package io.tasklane.engines;

/**
 * Technical indicators over closes. Value {@code i} of each uses closes {@code 0..i} only; it is
 * {@code NaN} until enough bars exist, so a strategy or feature can never mistake warm-up for data.
 */
public final class Indicators {

  private Indicators() {}

  /** Simple moving average over {@code period} closes. */
  public static double[] sma(double[] close, int period) {
    requirePeriod(period);
    double[] out = new double[close.length];
    double sum = 0;
    for (int i = 0; i < close.length; i++) {
      sum += close[i];
      if (i >= period) {
        sum -= close[i - period];
      }
      out[i] = i >= period - 1 ? sum / period : Double.NaN;
    }
    return out;
  }

  /**
   * Wilder's relative strength index (0–100): the first average gain and loss are plain means of
   * the first {@code period} changes, later ones smoothed by {@code (prev * (period - 1) + x) /
   * period}. 100 when there were no losses; 50 when the price did not move at all.
   */
  public static double[] rsi(double[] close, int period) {
    requirePeriod(period);
    double[] out = new double[close.length];
    java.util.Arrays.fill(out, Double.NaN);
    double gain = 0;
    double loss = 0;
    for (int i = 1; i < close.length; i++) {
      double change = close[i] - close[i - 1];
      double up = Math.max(change, 0);
      double down = Math.max(-change, 0);
      if (i <= period) {
        gain += up;
        loss += down;
        if (i == period) {
          gain /= period;
          loss /= period;
          out[i] = rsiOf(gain, loss);
        }
      } else {
        gain = (gain * (period - 1) + up) / period;
        loss = (loss * (period - 1) + down) / period;
        out[i] = rsiOf(gain, loss);
      }
    }
    return out;
  }

  /** Sample standard deviation of the last {@code period} simple returns. */
  public static double[] volatility(double[] close, int period) {
    if (period < 2) {
      throw new IllegalArgumentException("period must be >= 2, got " + period);
    }
    double[] out = new double[close.length];
    java.util.Arrays.fill(out, Double.NaN);
    for (int i = period; i < close.length; i++) {
      double sum = 0;
      for (int k = i - period + 1; k <= i; k++) {
        sum += close[k] / close[k - 1] - 1;
      }
      double mean = sum / period;
      double squares = 0;
      for (int k = i - period + 1; k <= i; k++) {
        double d = close[k] / close[k - 1] - 1 - mean;
        squares += d * d;
      }
      out[i] = Math.sqrt(squares / (period - 1));
    }
    return out;
  }

  private static double rsiOf(double gain, double loss) {
    if (loss == 0) {
      return gain == 0 ? 50 : 100;
    }
    return 100 - 100 / (1 + gain / loss);
  }

  private static void requirePeriod(int period) {
    if (period < 1) {
      throw new IllegalArgumentException("period must be >= 1, got " + period);
    }
  }
}
