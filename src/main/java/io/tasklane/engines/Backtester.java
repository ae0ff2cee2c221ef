package io.tasklane.engines;

import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * Turns a strategy's wanted positions into fills, cash and an equity curve.
 *
 * <p>A wish seen at bar {@code i}'s close is filled at bar {@code i + 1}'s open (a wish on the last
 * bar has no next open and is ignored). Every buy invests all cash (fractional units allowed),
 * every sell closes the whole position. Slippage makes each fill worse by a fraction of the open;
 * commission is a fraction of the traded notional. A position still open after the last bar is
 * marked at the last close and counted as a trade, but is not a closed {@link Trade}; its entry's
 * costs and notional count in the totals all the same.
 */
public final class Backtester {

  private Backtester() {}

  /**
   * @param positions one entry per bar, 1 = hold after that bar's close, 0 = flat
   * @param sink told the progress about every 1 % of bars and at the end; {@code null} for none. An
   *     exception it throws aborts the run and propagates unchanged.
   * @throws CancellationException if the calling thread is interrupted; the interrupt flag stays
   *     set
   */
  public static BacktestResult run(
      PriceSeries series, byte[] positions, BacktestSettings settings, ProgressSink sink) {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(positions, "positions");
    Objects.requireNonNull(settings, "settings");
    final int bars = series.size();
    if (positions.length != bars) {
      throw new IllegalArgumentException(
          "positions has " + positions.length + " entries but the series has " + bars + " bars");
    }
    final long[] time = series.epochSeconds();
    final double[] open = series.open();
    final double[] close = series.close();
    final double[] equity = new double[bars];
    final double fee = settings.commissionRate();
    final double buyFactor = 1 + settings.slippageRate();
    final double sellFactor = 1 - settings.slippageRate();
    // A round trip takes at least two bars, so no run closes more trades than this.
    final RecentTrades recent = new RecentTrades(Math.min(BacktestResult.MAX_TRADES, bars / 2 + 1));
    final long checkpointStep = Math.max(1, (bars + 99) / 100);

    double cash = settings.initialCapital();
    double units = 0;
    boolean holding = false;
    long entryTime = 0;
    double entryPrice = 0;
    double cashBeforeEntry = 0;
    int entryBar = 0;
    double entryCosts = 0;
    double totalCosts = 0;
    double tradedNotional = 0;
    int entries = 0;
    int closed = 0;
    int wins = 0;
    long barsInMarket = 0;
    // The last bar is always a checkpoint, so the sink always hears (bars, bars).
    long nextCheckpoint = Math.min(checkpointStep, bars);

    for (int i = 0; i < bars; i++) {
      if (i > 0) {
        boolean wanted = positions[i - 1] != 0;
        if (wanted && !holding) {
          double fill = open[i] * buyFactor;
          // units * fill plus fee * units * fill spends exactly the cash there is.
          units = cash / (fill * (1 + fee));
          double notional = units * fill;
          entryCosts = units * (fill - open[i]) + fee * notional;
          totalCosts += entryCosts;
          tradedNotional += notional;
          cashBeforeEntry = cash;
          cash = 0;
          entryBar = i;
          entryTime = time[i];
          entryPrice = fill;
          holding = true;
          entries++;
        } else if (!wanted && holding) {
          double fill = open[i] * sellFactor;
          double notional = units * fill;
          cash = notional - fee * notional;
          double exitCosts = units * (open[i] - fill) + fee * notional;
          totalCosts += exitCosts;
          tradedNotional += notional;
          double profit = cash - cashBeforeEntry;
          if (profit > 0) {
            wins++;
          }
          closed++;
          recent.add(
              entryTime,
              entryPrice,
              time[i],
              fill,
              units,
              profit,
              profit / cashBeforeEntry,
              i - entryBar,
              entryCosts + exitCosts);
          units = 0;
          holding = false;
        }
      }
      if (holding) {
        barsInMarket++;
      }
      equity[i] = cash + units * close[i];

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
        PerformanceMetrics.maxDrawdown(equity),
        entries,
        closed,
        wins,
        bars,
        barsInMarket,
        totalCosts,
        tradedNotional,
        recent.toList(),
        time,
        equity);
  }
}
