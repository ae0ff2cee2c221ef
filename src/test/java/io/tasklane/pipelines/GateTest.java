package io.tasklane.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GateTest {
  static final JsonObject TRAINING =
      Json.createObjectBuilder()
          .add("model_id", "m-1")
          .add("version", 3)
          .add(
              "metrics",
              Json.createObjectBuilder()
                  .add(
                      "test",
                      Json.createObjectBuilder()
                          .add("accuracy", 0.56)
                          .add("majority_baseline", 0.54)))
          .build();

  @Test
  void accuracy_above_the_baseline_plus_a_point_passes() {
    Gate gate = new Gate("train", "metrics.test.accuracy", ">=", "majority_baseline + 0.01");
    Gate.Verdict verdict = gate.evaluate(TRAINING);
    assertTrue(verdict.passed());
    assertEquals("metrics.test.accuracy 0.56 >= 0.55 (majority_baseline + 0.01)", verdict.detail());
  }

  @Test
  void accuracy_below_the_threshold_stops_and_says_by_how_much() {
    Gate gate = new Gate("train", "metrics.test.accuracy", ">=", "majority_baseline + 0.05");
    Gate.Verdict verdict = gate.evaluate(TRAINING);
    assertFalse(verdict.passed());
    assertEquals(
        "metrics.test.accuracy 0.56 is not >= 0.59 (majority_baseline + 0.05)", verdict.detail());
  }

  @Test
  void every_operator_compares_as_written() {
    assertTrue(new Gate("t", "version", "==", "3").evaluate(TRAINING).passed());
    assertTrue(new Gate("t", "version", ">", "2.5").evaluate(TRAINING).passed());
    assertTrue(new Gate("t", "version", "<", "4").evaluate(TRAINING).passed());
    assertTrue(new Gate("t", "version", "<=", "3").evaluate(TRAINING).passed());
    assertFalse(new Gate("t", "version", ">", "3").evaluate(TRAINING).passed());
  }

  @Test
  void names_are_found_beside_the_metric_then_from_the_root() {
    Gate gate = new Gate("t", "metrics.test.accuracy", "<", "version * (majority_baseline - 0.3)");
    // 3 * 0.24 = 0.72
    assertTrue(gate.evaluate(TRAINING).passed());
  }

  @Test
  void a_missing_metric_is_an_error_not_a_pass() {
    Gate gate = new Gate("t", "metrics.test.auc", ">=", "0.5");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> gate.evaluate(TRAINING));
    assertTrue(e.getMessage().contains("metrics.test.auc"), e.getMessage());
  }

  @Test
  void expressions_parse_only_numbers_names_and_arithmetic() {
    for (String bad : new String[] {"", "1 +", "(1", "a b", "System.exit(1)", "1; 2", "x == 2"}) {
      assertThrows(IllegalArgumentException.class, () -> GateExpression.parse(bad), bad);
    }
    assertEquals(-1.5, GateExpression.parse("-(1 + 2) / 2").value(name -> Optional.empty()), 1e-12);
    assertEquals(
        7,
        GateExpression.parse("a.b * 2 + 1").value(n -> Optional.of(Map.of("a.b", 3.0).get(n))),
        1e-12);
  }

  @Test
  void an_unknown_operator_is_refused() {
    assertThrows(IllegalArgumentException.class, () -> new Gate("t", "version", "=>", "1"));
  }
}
