package io.tasklane.engines;

import java.util.List;

/**
 * The features a direction model learns from, one row per bar. Row {@code i} uses bars {@code 0..i}
 * only, and the label of row {@code i} is whether bar {@code i + 1} closes above bar {@code i}:
 * training can never see the answer in its inputs.
 *
 * <p>Rows before {@link #WARMUP_BARS} are incomplete (the longest window is 30 returns) and are
 * never used.
 */
public final class FeatureSet {
  /** The first row whose features are all defined. */
  public static final int WARMUP_BARS = 30;

  /** Feature names in column order; stored with each model so predictions use the same columns. */
  public static final List<String> NAMES =
      List.of(
          "return_1",
          "return_1_lag_1",
          "return_1_lag_2",
          "return_5",
          "return_10",
          "rsi_14",
          "close_to_sma_10",
          "close_to_sma_30",
          "sma_10_to_sma_30",
          "volatility_10",
          "volatility_30",
          "range_to_close");

  public static final int WIDTH = NAMES.size();

  private FeatureSet() {}

  /**
   * Features of every bar, row-major ({@code rows[i * WIDTH + f]}); rows before {@link
   * #WARMUP_BARS} are {@code NaN}.
   */
  public static float[] rows(PriceSeries series) {
    double[] close = series.close();
    double[] high = series.high();
    double[] low = series.low();
    int n = close.length;
    double[] rsi = Indicators.rsi(close, 14);
    double[] sma10 = Indicators.sma(close, 10);
    double[] sma30 = Indicators.sma(close, 30);
    double[] vol10 = Indicators.volatility(close, 10);
    double[] vol30 = Indicators.volatility(close, 30);
    float[] rows = new float[n * WIDTH];
    java.util.Arrays.fill(rows, 0, Math.min(n, WARMUP_BARS) * WIDTH, Float.NaN);
    for (int i = WARMUP_BARS; i < n; i++) {
      int o = i * WIDTH;
      rows[o] = (float) (close[i] / close[i - 1] - 1);
      rows[o + 1] = (float) (close[i - 1] / close[i - 2] - 1);
      rows[o + 2] = (float) (close[i - 2] / close[i - 3] - 1);
      rows[o + 3] = (float) (close[i] / close[i - 5] - 1);
      rows[o + 4] = (float) (close[i] / close[i - 10] - 1);
      rows[o + 5] = (float) (rsi[i] / 100);
      rows[o + 6] = (float) (close[i] / sma10[i] - 1);
      rows[o + 7] = (float) (close[i] / sma30[i] - 1);
      rows[o + 8] = (float) (sma10[i] / sma30[i] - 1);
      rows[o + 9] = (float) vol10[i];
      rows[o + 10] = (float) vol30[i];
      rows[o + 11] = (float) ((high[i] - low[i]) / close[i]);
    }
    return rows;
  }

  /** 1 if bar {@code i + 1} closes above bar {@code i}, else 0; the last bar has no label (NaN). */
  public static float[] labels(PriceSeries series) {
    double[] close = series.close();
    float[] labels = new float[close.length];
    for (int i = 0; i + 1 < close.length; i++) {
      labels[i] = close[i + 1] > close[i] ? 1f : 0f;
    }
    labels[close.length - 1] = Float.NaN;
    return labels;
  }
}
