package io.tasklane.engines;

import java.util.ArrayList;
import java.util.List;

/**
 * The most recent closed trades, in primitive ring buffers so that a strategy that trades on almost
 * every bar allocates nothing until the end of the run.
 */
final class RecentTrades {
  private final long[] entryEpochSeconds;
  private final double[] entryPrices;
  private final long[] exitEpochSeconds;
  private final double[] exitPrices;
  private final double[] units;
  private final double[] profits;
  private final double[] returns;
  private final int[] barsHeld;
  private final double[] costs;
  private int next;
  private long added;

  RecentTrades(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    entryEpochSeconds = new long[capacity];
    entryPrices = new double[capacity];
    exitEpochSeconds = new long[capacity];
    exitPrices = new double[capacity];
    units = new double[capacity];
    profits = new double[capacity];
    returns = new double[capacity];
    barsHeld = new int[capacity];
    costs = new double[capacity];
  }

  void add(
      long entryEpochSecond,
      double entryPrice,
      long exitEpochSecond,
      double exitPrice,
      double tradeUnits,
      double profit,
      double returnOnCash,
      int bars,
      double tradeCosts) {
    entryEpochSeconds[next] = entryEpochSecond;
    entryPrices[next] = entryPrice;
    exitEpochSeconds[next] = exitEpochSecond;
    exitPrices[next] = exitPrice;
    units[next] = tradeUnits;
    profits[next] = profit;
    returns[next] = returnOnCash;
    barsHeld[next] = bars;
    costs[next] = tradeCosts;
    next = next + 1 == profits.length ? 0 : next + 1;
    added++;
  }

  /** The kept trades, oldest first. */
  List<Trade> toList() {
    int capacity = profits.length;
    int kept = (int) Math.min(added, capacity);
    int oldest = added <= capacity ? 0 : next;
    List<Trade> trades = new ArrayList<>(kept);
    for (int k = 0; k < kept; k++) {
      int i = (oldest + k) % capacity;
      trades.add(
          new Trade(
              entryEpochSeconds[i],
              entryPrices[i],
              exitEpochSeconds[i],
              exitPrices[i],
              units[i],
              profits[i],
              returns[i],
              barsHeld[i],
              costs[i]));
    }
    return trades;
  }
}
