package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FeatureSetTest {

  @Test
  void features_of_a_bar_use_only_that_bar_and_earlier_ones() {
    PriceSeries series =
        SyntheticMarket.generate(
            "FEATURES", LocalDate.of(2020, 1, 1), LocalDate.of(2020, 12, 31), Timeframe.D1);
    float[] before = FeatureSet.rows(series);
    for (int t = FeatureSet.WARMUP_BARS; t < series.size() - 1; t += 13) {
      float[] after = FeatureSet.rows(StrategiesTest.scaleBarsAfter(series, t));
      int end = (t + 1) * FeatureSet.WIDTH;
      assertArrayEquals(
          Arrays.copyOfRange(before, 0, end), Arrays.copyOfRange(after, 0, end), "rows to " + t);
    }
  }

  @Test
  void hand_computed_features_of_a_steady_rise() {
    // Closes rise by 1 % a bar: every return is 0.01, the RSI is 100, volatility 0.
    double[] closes = new double[40];
    for (int i = 0; i < closes.length; i++) {
      closes[i] = 100 * Math.pow(1.01, i);
    }
    float[] rows = FeatureSet.rows(StrategiesTest.series(closes));
    int o = 35 * FeatureSet.WIDTH;
    assertEquals(0.01, rows[o], 1e-6); // return_1
    assertEquals(0.01, rows[o + 1], 1e-6); // return_1_lag_1
    assertEquals(Math.pow(1.01, 5) - 1, rows[o + 3], 1e-6); // return_5
    assertEquals(1.0, rows[o + 5], 1e-6); // rsi_14 / 100
    // close / mean of the last ten closes: 1.01^9 / sum(1.01^k, k=0..9) * 10.
    double mean10 = 0;
    for (int k = 0; k < 10; k++) {
      mean10 += Math.pow(1.01, k) / 10;
    }
    assertEquals(Math.pow(1.01, 9) / mean10 - 1, rows[o + 6], 1e-6);
    assertEquals(0.0, rows[o + 9], 1e-6); // volatility_10
    assertTrue(Float.isNaN(rows[(FeatureSet.WARMUP_BARS - 1) * FeatureSet.WIDTH]));
  }

  @Test
  void the_label_is_whether_the_next_bar_closes_higher() {
    float[] labels = FeatureSet.labels(StrategiesTest.series(new double[] {10, 11, 10, 10, 12}));
    assertArrayEquals(new float[] {1, 0, 0, 1, Float.NaN}, labels);
  }
}
