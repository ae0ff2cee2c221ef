package io.tasklane.engines;

import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * Long-only moving-average crossover: buy when the fast simple moving average of closes crosses
 * above the slow one, sell when it crosses back below.
 *
 * <p>A crossover is seen at bar {@code i}'s close, using closes up to and including {@code i} only,
 * and is filled at bar {@code i + 1}'s open, so no decision looks ahead. Every buy invests all cash
 * (fractional units allowed). A position still open after the last bar is marked at the last close
 * and counted as a trade, but is not a closed {@link Trade}.
 */
public final class SmaCrossover {

  static final int MAX_PERIOD = 10_000;

  private final int fastPeriod;
  private final int slowPeriod;

  /**
   * @throws IllegalArgumentException unless {@code 1 <= fastPeriod < slowPeriod <= 10_000}
   */
  public SmaCrossover(int fastPeriod, int slowPeriod) {
    if (fastPeriod < 1) {
      throw new IllegalArgumentException("fastPeriod must be >= 1, got " + fastPeriod);
    }
    if (slowPeriod > MAX_PERIOD) {
      throw new IllegalArgumentException(
          "slowPeriod must be <= " + MAX_PERIOD + ", got " + slowPeriod);
    }
    if (fastPeriod >= slowPeriod) {
      throw new IllegalArgumentException(
          "fastPeriod must be less than slowPeriod, got fastPeriod="
              + fastPeriod
              + " and slowPeriod="
              + slowPeriod);
    }
    this.fastPeriod = fastPeriod;
    this.slowPeriod = slowPeriod;
  }

  /**
   * Runs the strategy over every bar of {@code series}.
   *
   * @param sink told the progress about every 1 % of bars and at the end; {@code null} for none. An
   *     exception it throws aborts the run and propagates unchanged.
   * @throws CancellationException if the calling thread is interrupted; the interrupt flag stays
   *     set
   */
  public BacktestResult run(PriceSeries series, BacktestSettings settings, ProgressSink sink) {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(settings, "settings");
    final long[] time = series.epochSeconds();
    final double[] open = series.open();
    final double[] close = series.close();
    final int bars = series.size();
    final double[] equity = new double[bars];
    final int fast = fastPeriod;
    final int slow = slowPeriod;
    final double fee = settings.commissionRate();
    final double buyFactor = 1 + settings.slippageRate();
    final double sellFactor = 1 - settings.slippageRate();
    // A round trip takes at least two bars, so no run closes more trades than this.
    final RecentTrades recent = new RecentTrades(Math.min(BacktestResult.MAX_TRADES, bars / 2 + 1));
    final long checkpointStep = Math.max(1, (bars + 99) / 100);

    double cash = settings.initialCapital();
    double units = 0;
    boolean holding = false;
    boolean buyAtOpen = false;
    boolean sellAtOpen = false;
    long entryTime = 0;
    double entryPrice = 0;
    double cashBeforeEntry = 0;
    int entries = 0;
    int wins = 0;
    double fastSum = 0;
    double slowSum = 0;
    double previousFastMinusSlow = 0;
    // The last bar is always a checkpoint, so the sink always hears (bars, bars).
    long nextCheckpoint = Math.min(checkpointStep, bars);

    for (int i = 0; i < bars; i++) {
      if (buyAtOpen) {
        double fill = open[i] * buyFactor;
        // units * fill plus fee * units * fill spends exactly the cash there is.
        units = cash / (fill * (1 + fee));
        cashBeforeEntry = cash;
        cash = 0;
        entryTime = time[i];
        entryPrice = fill;
        holding = true;
        entries++;
        buyAtOpen = false;
      } else if (sellAtOpen) {
        double fill = open[i] * sellFactor;
        double notional = units * fill;
        cash = notional - fee * notional;
        double profit = cash - cashBeforeEntry;
        if (profit > 0) {
          wins++;
        }
        recent.add(entryTime, entryPrice, time[i], fill, units, profit);
        units = 0;
        holding = false;
        sellAtOpen = false;
      }

      double price = close[i];
      equity[i] = cash + units * price;

      fastSum += price;
      if (i >= fast) {
        fastSum -= close[i - fast];
      }
      slowSum += price;
      if (i >= slow) {
        slowSum -= close[i - slow];
      }
      if (i >= slow - 1) {
        double fastMinusSlow = fastSum / fast - slowSum / slow;
        // A crossover needs both averages on the previous bar too; one on the last bar has no
        // next open to fill at.
        if (i >= slow && i + 1 < bars) {
          if (!holding && previousFastMinusSlow <= 0 && fastMinusSlow > 0) {
            buyAtOpen = true;
          } else if (holding && previousFastMinusSlow >= 0 && fastMinusSlow < 0) {
            sellAtOpen = true;
          }
        }
        previousFastMinusSlow = fastMinusSlow;
      }

      if (i + 1 == nextCheckpoint) {
        if (Thread.currentThread().isInterrupted()) {
          throw new CancellationException("backtest interrupted");
        }
        if (sink != null) {
          sink.progress(i + 1, bars);
        }
        nextCheckpoint = Math.min(nextCheckpoint + checkpointStep, bars);
      }
    }

    double finalEquity = equity[bars - 1];
    return new BacktestResult(
        settings.initialCapital(),
        finalEquity,
        PerformanceMetrics.totalReturn(settings.initialCapital(), finalEquity),
        PerformanceMetrics.sharpeRatio(equity, series.timeframe().periodsPerYear()),
        PerformanceMetrics.maxDrawdown(equity),
        entries,
        wins,
        bars,
        recent.toList(),
        equity);
  }

  @Override
  public String toString() {
    return "SmaCrossover[fastPeriod=" + fastPeriod + ", slowPeriod=" + slowPeriod + "]";
  }
}
