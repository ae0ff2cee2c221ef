package io.tasklane.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.spi.JsonProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonDoubleTest {
  /** Looked up once: {@code Json.createValue} looks its provider up on every call. */
  private static final JsonProvider JSON = JsonProvider.provider();

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
      values.add(round(value, 2));
      values.add(round(value, 6));
    }
    return values;
  }

  @Test
  void prints_every_number_as_json_p_prints_the_same_double() {
    for (double value : samples()) {
      assertEquals(
          JSON.createValue(value).toString(), JsonDouble.of(value).toString(), "for " + value);
    }
  }

  @Test
  void a_rounded_number_prints_as_json_p_prints_the_same_rounding() {
    Random random = new Random(2025);
    List<Double> values = new ArrayList<>(samples());
    values.addAll(
        List.of(1e-3, 9.995e-4, 0.0005, -0.0005, 9_999_999.994, 9_999_999.996, 1e7, 0.5, 2.5));
    for (int i = 0; i < 20_000; i++) {
      // equity-like (a few thousand to millions) and ratio-like (0 to 1) values
      values.add(random.nextDouble() * Math.pow(10, random.nextInt(9)));
      values.add(-random.nextDouble());
    }
    for (double value : values) {
      for (int p = 0; p <= 9; p++) {
        int places = p;
        JsonDouble ours = JsonDouble.rounded(value, places);
        double theirs = round(value, places);
        assertEquals(theirs, ours.doubleValue(), () -> "value of " + value + " at " + places);
        assertEquals(
            JSON.createValue(theirs).toString(),
            ours.toString(),
            () -> "text of " + value + " at " + places);
      }
    }
    assertEquals("0.0", JsonDouble.rounded(Double.NaN, 2).toString());
  }

  @Test
  void an_array_of_them_serialises_exactly_as_one_built_with_add_double() {
    JsonArrayBuilder ours = JSON.createArrayBuilder();
    JsonArrayBuilder theirs = JSON.createArrayBuilder();
    for (double value : samples()) {
      ours.add(JsonDouble.of(value));
      theirs.add(value);
    }
    assertEquals(theirs.build().toString(), ours.build().toString());
  }

  @Test
  void equals_json_p_numbers_of_the_same_value_both_ways() {
    for (double value : List.of(0.0, 123.45, 1e-4, 1e7, -2.5)) {
      JsonNumber theirs = JSON.createValue(value);
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
    assertThrows(NumberFormatException.class, () -> JSON.createValue(Double.NaN));
  }

  /** The rounding {@link JsonDouble#rounded} promises, as the backtest engine writes it. */
  private static double round(double value, int places) {
    if (!Double.isFinite(value)) {
      return 0;
    }
    double scale = Math.pow(10, places);
    return Math.round(value * scale) / scale;
  }
}
