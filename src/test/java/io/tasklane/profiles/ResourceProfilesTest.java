package io.tasklane.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.support.ConfigDefaults;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceProfilesTest {
  static final double GB = 1024.0 * 1024 * 1024;

  final List<ProfileEstimator.Sample> samples = new ArrayList<>();
  final ResourceProfiles profiles = profiles();

  ResourceProfiles profiles() {
    ResourceProfiles p = new ResourceProfiles();
    p.store =
        new ProfileStore() {
          @Override
          public List<ProfileEstimator.Sample> samples() {
            return List.copyOf(samples);
          }
        };
    p.clock = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
    p.config = ConfigDefaults.of(ProfilesConfig.class);
    return p;
  }

  /** Minutes from 2006 to 2024: about ten million bars. */
  static JsonObject minuteBacktest(String start, String end) {
    return Json.createObjectBuilder()
        .add("symbol", "ADA_USDT")
        .add("start_date", start)
        .add("end_date", end)
        .add("timeframe", "1m")
        .build();
  }

  @Test
  void an_unmeasured_task_with_bars_needs_the_default_heap_per_bar() {
    JsonObject params = minuteBacktest("2006-01-01", "2024-12-31");
    long bars = TaskSize.bars(params);

    double heapGb = profiles.heapGb("backtest", params).orElseThrow();

    assertEquals(bars * 64 / GB, heapGb, 1e-9);
    assertTrue(heapGb > 0.5, "ten million bars need more than half a gigabyte: " + heapGb);
  }

  @Test
  void a_task_without_bars_and_without_history_has_no_heap_figure() {
    assertTrue(profiles.heapGb("model_training", JsonObject.EMPTY_JSON_OBJECT).isEmpty());
  }

  @Test
  void once_measured_the_bytes_allocated_per_bar_decide_scaled_to_the_tasks_bars() {
    JsonObject params = minuteBacktest("2024-01-01", "2024-01-31");
    long bars = TaskSize.bars(params);
    for (int i = 0; i < 5; i++) {
      // 300 bytes allocated per bar, measured on tasks of this very size.
      samples.add(new ProfileEstimator.Sample("backtest", bars, 50, 60, bars * 300));
    }

    double heapGb = profiles.heapGb("backtest", params).orElseThrow();

    assertEquals(bars * 300 / GB, heapGb, bars * 300 / GB * 1e-6);
  }
}
