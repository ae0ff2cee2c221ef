package io.tasklane.marketdata;

import io.tasklane.engines.BarSource;
import io.tasklane.engines.PriceSeries;
import io.tasklane.engines.SyntheticMarket;
import io.tasklane.engines.Timeframe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Bars for the engines: the stored ones when the symbol has any for the timeframe, else the
 * deterministic synthetic market (so any symbol can be backtested without a download).
 */
@ApplicationScoped
public class StoredBars implements BarSource {
  @Inject MarketData marketData;

  @Override
  public boolean isStored(String symbol, Timeframe timeframe) {
    return marketData.find(symbol, timeframe).isPresent();
  }

  @Override
  public Optional<StoredRange> storedRange(String symbol, Timeframe timeframe) {
    return marketData.find(symbol, timeframe).map(StoredBars::range);
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
        series.lastBar());
  }

  @Override
  public PriceSeries load(
      String symbol, Timeframe timeframe, LocalDate start, LocalDate endInclusive) {
    if (!isStored(symbol, timeframe)) {
      return SyntheticMarket.generate(symbol, start, endInclusive, timeframe);
    }
    return marketData.load(
        symbol,
        timeframe,
        start.atStartOfDay(ZoneOffset.UTC).toEpochSecond(),
        endInclusive.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond());
  }
}
