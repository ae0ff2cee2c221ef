package io.tasklane.engines;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one backtest.
 *
 * @param finalEquity equity at the last bar's close, an open position marked at that close
 * @param totalReturn {@code finalEquity / initialCapital - 1}
 * @param maxDrawdown positive fraction of the peak, see {@link PerformanceMetrics#maxDrawdown}
 * @param tradeCount entries made, the closed round trips plus a position still open at the end
 * @param closedTrades closed round trips
 * @param winningTrades closed round trips with a profit above 0
 * @param bars number of bars the backtest ran over
 * @param barsInMarket bars at whose close a position was held
 * @param totalCosts commission and slippage of every fill, a position still open included
 * @param tradedNotional value of every fill, buys and sells, at the fill price
 * @param trades the most recent closed round trips, oldest first, at most 10,000
 * @param barTimes the series' bar times in epoch seconds, one per bar
 * @param equityCurve equity at every bar's close, one value per bar
 */
public record BacktestResult(
    double initialCapital,
    double finalEquity,
    double totalReturn,
    double maxDrawdown,
    int tradeCount,
    int closedTrades,
    int winningTrades,
    long bars,
    long barsInMarket,
    double totalCosts,
    double tradedNotional,
    List<Trade> trades,
    long[] barTimes,
    double[] equityCurve) {

  /** How many closed trades a result keeps; counts still include the older ones. */
  static final int MAX_TRADES = 10_000;

  public BacktestResult {
    trades = List.copyOf(trades);
    // Not copied: they hold one value per bar, possibly tens of millions.
    Objects.requireNonNull(barTimes, "barTimes");
    Objects.requireNonNull(equityCurve, "equityCurve");
    if (barTimes.length != equityCurve.length) {
      throw new IllegalArgumentException(
          barTimes.length + " bar times but " + equityCurve.length + " equity values");
    }
  }

  /**
   * Returns at most {@code maxPoints} evenly spaced values of the equity curve for a chart, always
   * including the first and the last; the whole curve (as a copy) when it is short enough.
   *
   * @throws IllegalArgumentException if {@code maxPoints < 2}
   */
  public double[] downsampledEquity(int maxPoints) {
    int[] indices = downsampledIndices(maxPoints);
    double[] points = new double[indices.length];
    for (int k = 0; k < indices.length; k++) {
      points[k] = equityCurve[indices[k]];
    }
    return points;
  }

  /**
   * The bars {@link #downsampledEquity} picks, in order, so a preview can carry their times.
   *
   * @throws IllegalArgumentException if {@code maxPoints < 2}
   */
  public int[] downsampledIndices(int maxPoints) {
    if (maxPoints < 2) {
      throw new IllegalArgumentException(
          "maxPoints must be >= 2 to keep the first and last value, got " + maxPoints);
    }
    int length = equityCurve.length;
    int count = Math.min(length, maxPoints);
    int[] indices = new int[count];
    long lastIndex = length - 1;
    long lastPoint = Math.max(1, count - 1);
    for (int k = 0; k < count; k++) {
      // Indices strictly increase because length - 1 >= count - 1; k = lastPoint gives the end.
      indices[k] = (int) (k * lastIndex / lastPoint);
    }
    return indices;
  }

  /** Winning share of closed round trips; {@code null} when none closed, as there is no rate. */
  public Double winRate() {
    return closedTrades == 0 ? null : (double) winningTrades / closedTrades;
  }

  /**
   * How many times the average equity changed hands: traded notional (buys and sells) over the mean
   * of the equity curve, so 2.0 is one full round trip of the whole account.
   */
  public double turnover() {
    double sum = 0;
    for (double value : equityCurve) {
      sum += value;
    }
    return tradedNotional / (sum / equityCurve.length);
  }

  /** Share of bars spent holding a position. */
  public double exposure() {
    return bars == 0 ? 0 : (double) barsInMarket / bars;
  }

  @Override
  public String toString() {
    return "BacktestResult[initialCapital="
        + initialCapital
        + ", finalEquity="
        + finalEquity
        + ", totalReturn="
        + totalReturn
        + ", maxDrawdown="
        + maxDrawdown
        + ", tradeCount="
        + tradeCount
        + ", closedTrades="
        + closedTrades
        + ", winningTrades="
        + winningTrades
        + ", bars="
        + bars
        + ", barsInMarket="
        + barsInMarket
        + ", trades="
        + trades.size()
        + " kept]";
  }
}
