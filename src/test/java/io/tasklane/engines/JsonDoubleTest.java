package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonDoubleTest {
  static List<Double> samples() {
    List<Double> values =
        new ArrayList<>(
            List.of(
                0.0,
                -0.0,
                1.0,
                -1.0,
                10000.0,
                123.45,
                0.1,
                1e-4,
                1.5e-7,
                9.999e-4,
                1e7,
                1.2345678e9,
                -3.2e-5,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                0.000123,
                12345678.9));
    Random random = new Random(25);
    for (int i = 0; i < 20_000; i++) {
      double magnitude = Math.pow(10, random.nextInt(24) - 12);
      double value = (random.nextDouble() - 0.3) * magnitude;
      values.add(value);
      values.add(BacktestHandler.round(value, 2));
      values.add(BacktestHandler.round(value, 6));
    }
    return values;
  }

  @Test
  void prints_every_number_as_json_p_prints_the_same_double() {
    for (double value : samples()) {
      assertEquals(
          Json.createValue(value).toString(), JsonDouble.of(value).toString(), "for " + value);
    }
  }

  @Test
  void an_array_of_them_serialises_exactly_as_one_built_with_add_double() {
    JsonArrayBuilder ours = Json.createArrayBuilder();
    JsonArrayBuilder theirs = Json.createArrayBuilder();
    for (double value : samples()) {
      ours.add(JsonDouble.of(value));
      theirs.add(value);
    }
    assertEquals(theirs.build().toString(), ours.build().toString());
  }

  @Test
  void equals_json_p_numbers_of_the_same_value_both_ways() {
    for (double value : List.of(0.0, 123.45, 1e-4, 1e7, -2.5)) {
      JsonNumber theirs = Json.createValue(value);
      JsonDouble ours = JsonDouble.of(value);
      assertEquals(theirs, ours);
      assertEquals(ours, theirs);
      assertEquals(theirs.hashCode(), ours.hashCode());
      assertEquals(theirs.bigDecimalValue(), ours.bigDecimalValue());
      assertEquals(theirs.doubleValue(), ours.doubleValue());
    }
  }

  @Test
  void a_number_json_cannot_hold_is_refused_as_json_p_refuses_it() {
    assertThrows(NumberFormatException.class, () -> JsonDouble.of(Double.NaN));
    assertThrows(NumberFormatException.class, () -> JsonDouble.of(Double.POSITIVE_INFINITY));
    assertThrows(NumberFormatException.class, () -> Json.createValue(Double.NaN));
  }
}
