package io.tasklane.marketdata;

import io.tasklane.engines.PriceSeries;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bars of recent loads, by the stored series' version: a queue of small backtests on one symbol
 * read the same few hundred rows for every task, a sixth of such a task's CPU (issue 25). A key
 * holds the series' {@code updated_at} and bar count, which every import changes, so an entry is
 * never served after its series changed, on this instance or another; an entry no current version
 * names is simply never asked for again and ages out. Bounded by bars, least recently used first.
 * Safe to share: nobody changes a {@link PriceSeries}' arrays.
 */
final class RecentBars {
  /** Whose bars a load read: the series' version and the asked-for range. */
  record Key(
      String symbol,
      String timeframe,
      long fromEpochSecond,
      long untilEpochSecond,
      Instant updatedAt,
      long barCount) {}

  private final long maxBars;
  private final Map<Key, PriceSeries> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bars;

  RecentBars(long maxBars) {
    this.maxBars = maxBars;
  }

  synchronized PriceSeries get(Key key) {
    return entries.get(key);
  }

  /** Keeps the series unless it alone is more than the bound. */
  synchronized void put(Key key, PriceSeries series) {
    if (series.size() > maxBars) {
      return;
    }
    PriceSeries old = entries.put(key, series);
    bars += series.size() - (old == null ? 0 : old.size());
    Iterator<PriceSeries> eldest = entries.values().iterator();
    while (bars > maxBars) {
      bars -= eldest.next().size();
      eldest.remove();
    }
  }

  synchronized long bars() {
    return bars;
  }
}
