package io.tasklane.engines;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Where a backtest or a model gets its bars. The server's source reads the database; a task that
 * asks for {@code "data": "synthetic"} gets {@link SyntheticMarket}'s bars instead ({@link
 * DataChoice}), so demos need no download.
 */
public interface BarSource {
  /** The synthetic market only: what unit tests and benchmarks use. */
  BarSource SYNTHETIC =
      new BarSource() {
        @Override
        public boolean isStored(String symbol, Timeframe timeframe) {
          return false;
        }

        @Override
        public PriceSeries load(
            String symbol, Timeframe timeframe, LocalDate start, LocalDate endInclusive) {
          return SyntheticMarket.generate(symbol, start, endInclusive, timeframe);
        }
      };

  /** Whether bars of this symbol and timeframe are stored (else they are generated). */
  boolean isStored(String symbol, Timeframe timeframe);

  /**
   * The first and last stored bar of a series, and the version it was read at (when it was last
   * written and how many bars it held; null and 0 where unknown).
   */
  record StoredRange(
      String symbol,
      Timeframe timeframe,
      Instant first,
      Instant last,
      Instant updatedAt,
      long barCount) {
    public StoredRange(String symbol, Timeframe timeframe, Instant first, Instant last) {
      this(symbol, timeframe, first, last, null, 0);
    }
  }

  /** The stored range of this symbol and timeframe, if any bars are stored. */
  default Optional<StoredRange> storedRange(String symbol, Timeframe timeframe) {
    return Optional.empty();
  }

  /**
   * The stored range as read at or after {@code readAfterNanos} (a {@link System#nanoTime} value):
   * a source may answer several callers with one read begun after all their moments.
   */
  default Optional<StoredRange> storedRange(
      String symbol, Timeframe timeframe, long readAfterNanos) {
    return storedRange(symbol, timeframe);
  }

  /** Every stored series (for suggestions when a symbol has none). */
  default List<StoredRange> storedSeries() {
    return List.of();
  }

  /**
   * The bars from {@code start} 00:00 UTC up to the end of {@code endInclusive}: the stored ones
   * (the synthetic market's for {@link #SYNTHETIC}).
   *
   * @throws IllegalArgumentException if stored data has no bar in that range
   */
  PriceSeries load(String symbol, Timeframe timeframe, LocalDate start, LocalDate endInclusive);

  /**
   * The stored bars of a series whose range was just looked up ({@link #storedRange}): a source may
   * take the series' version from it instead of looking the series up again.
   */
  default PriceSeries load(StoredRange checked, LocalDate start, LocalDate endInclusive) {
    return load(checked.symbol(), checked.timeframe(), start, endInclusive);
  }
}
