package io.tasklane.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.engines.BarSource;
import io.tasklane.engines.PriceSeries;
import io.tasklane.engines.Timeframe;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A batch's checks ask the database once per series and transaction, and never across them. */
class StoredBarsTest {
  private final List<String> lookups = new ArrayList<>();
  private final FakeTransaction transaction = new FakeTransaction();
  private final StoredBars bars = storedBars();

  @Test
  void a_transaction_looks_each_series_up_once() {
    transaction.begin();
    for (int i = 0; i < 250; i++) {
      assertTrue(bars.storedRange("BTC_USDT", Timeframe.fromCode("1d")).isPresent());
    }
    assertTrue(bars.storedRange("NOPE", Timeframe.fromCode("1d")).isEmpty());
    assertTrue(bars.storedRange("NOPE", Timeframe.fromCode("1d")).isEmpty());

    assertEquals(List.of("BTC_USDT 1d", "NOPE 1d"), lookups);
  }

  @Test
  void another_transaction_or_none_looks_again() {
    transaction.begin();
    bars.storedRange("BTC_USDT", Timeframe.fromCode("1d"));
    transaction.begin(); // a new transaction: what the last one saw may have changed since
    bars.storedRange("BTC_USDT", Timeframe.fromCode("1d"));
    transaction.end();
    bars.storedRange("BTC_USDT", Timeframe.fromCode("1d"));
    bars.storedRange("BTC_USDT", Timeframe.fromCode("1d"));

    assertEquals(4, lookups.size(), lookups::toString);
  }

  @Test
  void a_run_loads_the_version_its_check_read_without_looking_the_series_up_again() {
    BarSource.StoredRange checked =
        bars.storedRange("BTC_USDT", Timeframe.fromCode("1d")).orElseThrow();
    assertEquals(Instant.parse("2024-01-01T00:00:00Z"), checked.updatedAt());
    assertEquals(2, checked.barCount());

    PriceSeries series =
        bars.load(checked, LocalDate.parse("2024-01-01"), LocalDate.parse("2024-01-02"));

    assertEquals(2, series.size());
    assertEquals(List.of("BTC_USDT 1d", "bars of version 2024-01-01T00:00:00Z/2"), lookups);
  }

  private StoredBars storedBars() {
    StoredBars stored = new StoredBars();
    stored.marketData =
        new MarketData() {
          @Override
          public PriceSeries load(
              Version version, String symbol, Timeframe timeframe, long from, long until) {
            lookups.add("bars of version " + version.updatedAt() + "/" + version.barCount());
            return new PriceSeries(
                symbol,
                timeframe,
                new long[] {from, from + 86_400},
                new double[] {1, 1},
                new double[] {1, 1},
                new double[] {1, 1},
                new double[] {1, 1},
                new double[] {0, 0});
          }

          @Override
          public Optional<StoredSeries> find(String symbol, Timeframe timeframe) {
            lookups.add(symbol + " " + timeframe.code());
            Instant first = Instant.parse("2024-01-01T00:00:00Z");
            return symbol.equals("NOPE")
                ? Optional.empty()
                : Optional.of(
                    new StoredSeries(
                        symbol,
                        timeframe.code(),
                        first,
                        first.plusSeconds(86_400),
                        2,
                        "csv",
                        first));
          }
        };
    stored.transaction = transaction;
    return stored;
  }

  /** The registry of one transaction at a time: its status and its resources. */
  private static final class FakeTransaction implements TransactionSynchronizationRegistry {
    private Map<Object, Object> resources;

    void begin() {
      resources = new HashMap<>();
    }

    void end() {
      resources = null;
    }

    @Override
    public int getTransactionStatus() {
      return resources == null ? Status.STATUS_NO_TRANSACTION : Status.STATUS_ACTIVE;
    }

    @Override
    public Object getResource(Object key) {
      return resources.get(key);
    }

    @Override
    public void putResource(Object key, Object value) {
      resources.put(key, value);
    }

    @Override
    public Object getTransactionKey() {
      return resources;
    }

    @Override
    public void registerInterposedSynchronization(Synchronization sync) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void setRollbackOnly() {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean getRollbackOnly() {
      return false;
    }
  }
}
