package io.tasklane.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tasklane.tasks.TaskContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PredictionDependencyTest {
  static JsonObject trained(String modelId, String symbol, String timeframe) {
    return Json.createObjectBuilder()
        .add("model_id", modelId)
        .add("symbol", symbol)
        .add("timeframe", timeframe)
        .build();
  }

  static TaskContext context(Map<UUID, JsonObject> results, AtomicInteger reads) {
    return new TaskContext(
        UUID.randomUUID(),
        "alice",
        JsonObject.EMPTY_JSON_OBJECT,
        1,
        (d, p) -> {},
        Duration.ZERO,
        () -> {
          reads.incrementAndGet();
          return results;
        });
  }

  @Test
  void a_prediction_without_a_model_id_uses_the_model_its_training_dependency_stored() {
    Map<UUID, JsonObject> results = new LinkedHashMap<>();
    results.put(UUID.randomUUID(), trained("m-btc", "BTC_USDT", "1d"));
    results.put(UUID.randomUUID(), trained("m-eth-1h", "ETH_USDT", "1h"));
    results.put(UUID.randomUUID(), trained("m-eth", "ETH_USDT", "1d"));
    AtomicInteger reads = new AtomicInteger();
    TaskContext context = context(results, reads);

    assertEquals("m-eth", PredictionHandler.trainedByDependency(context, "ETH_USDT", "1d"));
    assertNull(PredictionHandler.trainedByDependency(context, "SOL_USDT", "1d"));
    assertEquals(1, reads.get(), "the results are read from the database once");
  }
}
