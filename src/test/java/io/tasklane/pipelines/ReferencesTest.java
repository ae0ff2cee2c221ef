package io.tasklane.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReferencesTest {
  static final JsonObject TRAIN =
      Json.createObjectBuilder()
          .add("model_id", "5f0c7a53-2b8e-4d43-9a51-0c1d2e3f4a5b")
          .add("version", 2)
          .add(
              "metrics",
              Json.createObjectBuilder().add("test", Json.createObjectBuilder().add("rows", 40)))
          .build();

  @Test
  void a_whole_string_reference_takes_the_value_and_its_type() {
    JsonObject parameters =
        Json.createObjectBuilder()
            .add("model_id", "${train.model_id}")
            .add("rows", "${train.metrics.test.rows}")
            .add("params", Json.createObjectBuilder().add("v", "${train.version}"))
            .add("symbol", "ETH_USDT")
            .build();
    JsonObject resolved = References.resolve(parameters, Map.of("train", TRAIN));
    assertEquals("5f0c7a53-2b8e-4d43-9a51-0c1d2e3f4a5b", resolved.getString("model_id"));
    assertEquals(40, resolved.getInt("rows"));
    assertEquals(2, resolved.getJsonObject("params").getInt("v"));
    assertEquals("ETH_USDT", resolved.getString("symbol"));
  }

  @Test
  void a_reference_inside_a_longer_string_is_replaced_by_its_text() {
    JsonObject resolved =
        References.resolve(
            Json.createObjectBuilder()
                .add("name", "v${train.version}-of-${train.model_id}")
                .build(),
            Map.of("train", TRAIN));
    assertEquals("v2-of-5f0c7a53-2b8e-4d43-9a51-0c1d2e3f4a5b", resolved.getString("name"));
  }

  @Test
  void a_missing_value_names_the_reference() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                References.resolve(
                    Json.createObjectBuilder().add("x", "${train.nothing}").build(),
                    Map.of("train", TRAIN)));
    assertTrue(e.getMessage().contains("${train.nothing}"), e.getMessage());
  }

  @Test
  void the_steps_referred_to_are_found_anywhere_in_the_parameters() {
    JsonObject parameters =
        Json.createObjectBuilder()
            .add("a", "${train.model_id}")
            .add("b", Json.createArrayBuilder().add("x ${predict.count} y"))
            .build();
    assertEquals(Set.of("train", "predict"), References.stepsIn(parameters));
  }
}
