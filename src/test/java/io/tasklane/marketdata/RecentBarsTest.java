package io.tasklane.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tasklane.engines.PriceSeries;
import io.tasklane.engines.Timeframe;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RecentBarsTest {
  private static final Instant V1 = Instant.parse("2026-01-01T00:00:00.000001Z");

  private static RecentBars.Key key(String symbol, Instant version) {
    return new RecentBars.Key(symbol, "1d", 0, 86_400 * 400, version, 100);
  }

  private static PriceSeries bars(int n) {
    long[] time = new long[n];
    double[] price = new double[n];
    Arrays.setAll(time, i -> i * 86_400L);
    Arrays.fill(price, 100);
    return new PriceSeries("X", Timeframe.fromCode("1d"), time, price, price, price, price, price);
  }

  @Test
  void a_series_is_found_only_under_the_version_it_was_read_at() {
    RecentBars recent = new RecentBars(1_000);
    PriceSeries read = bars(100);
    recent.put(key("AAA", V1), read);

    assertSame(read, recent.get(key("AAA", V1)));
    assertNull(recent.get(key("AAA", V1.plusNanos(1_000))), "an import makes a new version");
    assertNull(recent.get(new RecentBars.Key("AAA", "1d", 0, 86_400 * 400, V1, 101)));
    assertNull(recent.get(new RecentBars.Key("AAA", "1d", 86_400, 86_400 * 400, V1, 100)));
  }

  @Test
  void the_least_recently_used_go_first_when_the_bars_exceed_the_bound() {
    RecentBars recent = new RecentBars(250);
    recent.put(key("A", V1), bars(100));
    recent.put(key("B", V1), bars(100));
    recent.get(key("A", V1)); // A is now the more recent
    recent.put(key("C", V1), bars(100));

    assertNull(recent.get(key("B", V1)));
    assertEquals(100, recent.get(key("A", V1)).size());
    assertEquals(100, recent.get(key("C", V1)).size());
    assertEquals(200, recent.bars());
  }

  @Test
  void a_series_larger_than_the_bound_is_not_kept_and_evicts_nothing() {
    RecentBars recent = new RecentBars(150);
    recent.put(key("A", V1), bars(100));
    recent.put(key("BIG", V1), bars(151));

    assertNull(recent.get(key("BIG", V1)));
    assertEquals(100, recent.get(key("A", V1)).size());
    assertEquals(100, recent.bars());
  }

  @Test
  void putting_the_same_key_again_counts_its_bars_once() {
    RecentBars recent = new RecentBars(1_000);
    recent.put(key("A", V1), bars(100));
    recent.put(key("A", V1), bars(120));

    assertEquals(120, recent.bars());
  }
}
