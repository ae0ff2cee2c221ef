package io.tasklane.engines;

import java.util.Objects;

/**
 * The benchmark's equity: the whole account bought as {@link Backtester} would fill a wish to be
 * long from the first bar's close (at the second bar's open, slippage and commission charged) and
 * held to the end, where it is marked at the last close with no exit cost, like a strategy's open
 * position. Computed per bar from one number, so even a 20-million-bar run needs no second curve.
 */
public final class BuyAndHold {
  private final double initialCapital;
  private final double units;
  private final double[] close;

  BuyAndHold(PriceSeries series, BacktestSettings settings) {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(settings, "settings");
    this.initialCapital = settings.initialCapital();
    this.close = series.close();
    if (series.size() < 2) {
      // No second open to buy at: the benchmark stays in cash, as a strategy would.
      this.units = 0;
    } else {
      // The same expression as Backtester's buy, so an always-long strategy matches to the bit.
      double fill = series.open()[1] * (1 + settings.slippageRate());
      this.units = initialCapital / (fill * (1 + settings.commissionRate()));
    }
  }

  /** Equity at bar {@code bar}'s close. */
  public double equity(int bar) {
    return bar == 0 || units == 0 ? initialCapital : units * close[bar];
  }

  /** The number of bars. */
  public int size() {
    return close.length;
  }

  public double initialCapital() {
    return initialCapital;
  }
}
