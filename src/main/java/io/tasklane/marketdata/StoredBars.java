package io.tasklane.marketdata;

import io.tasklane.engines.BarSource;
import io.tasklane.engines.PriceSeries;
import io.tasklane.engines.Timeframe;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The stored bars for the engines, and what is stored for their checks ({@code DataChoice}). */
@ApplicationScoped
public class StoredBars implements BarSource {
  /** The key of a transaction's looked-up ranges (its resource in the registry). */
  private static final Object RANGES_SEEN = new Object();

  private final SharedReads<String, Optional<StoredRange>> sharedReads =
      new SharedReads<>(System::nanoTime);

  @Inject MarketData marketData;
  @Resource TransactionSynchronizationRegistry transaction;

  @Override
  public boolean isStored(String symbol, Timeframe timeframe) {
    return marketData.find(symbol, timeframe).isPresent();
  }

  /**
   * Within a transaction, each series is looked up once: a batch of 250 backtests of one symbol
   * asked 250 times (issue 25). The transaction sees the range as it was at its first look, as if
   * the batch had been checked in that instant.
   */
  @Override
  public Optional<StoredRange> storedRange(String symbol, Timeframe timeframe) {
    return storedRange(symbol, timeframe, System.nanoTime());
  }

  /**
   * Outside a transaction (a run's check), the answer of a read begun at or after {@code
   * readAfterNanos}, shared with the runs that asked for the same series ({@link SharedReads}).
   */
  @Override
  public Optional<StoredRange> storedRange(
      String symbol, Timeframe timeframe, long readAfterNanos) {
    String key = symbol + '\n' + timeframe.code();
    if (transaction.getTransactionStatus() != Status.STATUS_ACTIVE) {
      return sharedReads.read(
          key, readAfterNanos, () -> marketData.find(symbol, timeframe).map(StoredBars::range));
    }
    @SuppressWarnings("unchecked")
    Map<String, Optional<StoredRange>> seen =
        (Map<String, Optional<StoredRange>>) transaction.getResource(RANGES_SEEN);
    if (seen == null) {
      seen = new HashMap<>();
      transaction.putResource(RANGES_SEEN, seen);
    }
    return seen.computeIfAbsent(
        key, k -> marketData.find(symbol, timeframe).map(StoredBars::range));
  }

  @Override
  public List<StoredRange> storedSeries() {
    return marketData.list().stream().map(StoredBars::range).toList();
  }

  private static StoredRange range(StoredSeries series) {
    return new StoredRange(
        series.symbol(),
        Timeframe.fromCode(series.timeframe()),
        series.firstBar(),
        series.lastBar(),
        series.updatedAt(),
        series.barCount());
  }

  /**
   * The stored bars only. The caller has checked the stored range ({@code DataChoice.check}) and
   * generates bars itself when a task asked for synthetic ones, so this needs no second look at the
   * series (a query a task, issue 25); bars deleted since then fail the run with the message of
   * {@link MarketData#load} instead of being replaced with invented ones.
   */
  @Override
  public PriceSeries load(
      String symbol, Timeframe timeframe, LocalDate start, LocalDate endInclusive) {
    return marketData.load(symbol, timeframe, startOf(start), startOf(endInclusive.plusDays(1)));
  }

  /**
   * The bars as of the version the run's check read: a task looks its series up once, not twice
   * (issue 25). Had an import replaced the series since, the run gets the bars of the version it
   * checked if they are still kept, or the new ones, as a run that had started a moment later.
   */
  @Override
  public PriceSeries load(StoredRange checked, LocalDate start, LocalDate endInclusive) {
    if (checked.updatedAt() == null) {
      return load(checked.symbol(), checked.timeframe(), start, endInclusive);
    }
    return marketData.load(
        new MarketData.Version(checked.updatedAt(), checked.barCount()),
        checked.symbol(),
        checked.timeframe(),
        startOf(start),
        startOf(endInclusive.plusDays(1)));
  }

  /** The epoch second at which {@code day} begins, in UTC. */
  private static long startOf(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  }
}
