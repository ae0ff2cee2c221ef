package io.tasklane.engines;

import java.util.Objects;

/**
 * OHLCV bars of one symbol, as parallel primitive arrays indexed by bar.
 *
 * <p>The arrays are shared, not copied: a series can hold tens of millions of bars, and copying
 * them would double the memory of every backtest. Nobody may change them once the series is built.
 */
public record PriceSeries(
    String symbol,
    Timeframe timeframe,
    long[] epochSeconds,
    double[] open,
    double[] high,
    double[] low,
    double[] close,
    double[] volume) {

  public PriceSeries {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(timeframe, "timeframe");
    Objects.requireNonNull(epochSeconds, "epochSeconds");
    int bars = epochSeconds.length;
    if (bars == 0) {
      throw new IllegalArgumentException("a price series needs at least one bar");
    }
    requireLength("open", open, bars);
    requireLength("high", high, bars);
    requireLength("low", low, bars);
    requireLength("close", close, bars);
    requireLength("volume", volume, bars);
  }

  /** The number of bars. */
  public int size() {
    return epochSeconds.length;
  }

  @Override
  public String toString() {
    return "PriceSeries[symbol="
        + symbol
        + ", timeframe="
        + timeframe.code()
        + ", bars="
        + size()
        + ", firstEpochSecond="
        + epochSeconds[0]
        + ", lastEpochSecond="
        + epochSeconds[size() - 1]
        + "]";
  }

  private static void requireLength(String name, double[] values, int bars) {
    Objects.requireNonNull(values, name);
    if (values.length != bars) {
      throw new IllegalArgumentException(
          name + " has " + values.length + " values but epochSeconds has " + bars);
    }
  }
}
