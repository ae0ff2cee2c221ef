package io.tasklane.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTextArrayTest {
  private static final JsonProvider JSON = JsonProvider.provider();

  @Test
  void numbers_strings_and_pairs_are_written_as_json_p_writes_the_same_array() {
    Random random = new Random(25);
    JsonTextArray.Builder ours = JsonTextArray.builder();
    JsonArrayBuilder theirs = JSON.createArrayBuilder();
    for (int i = 0; i < 5_000; i++) {
      double value = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(20) - 6);
      int places = random.nextInt(10);
      double scale = Math.pow(10, places);
      String text = i % 7 == 0 ? "quote \" slash \\ line\n" + i : "2024-01-0" + (i % 9 + 1);
      switch (i % 3) {
        case 0 -> {
          ours.add(JsonDouble.rounded(value, places));
          theirs.add(Math.round(value * scale) / scale);
        }
        case 1 -> {
          ours.add(text);
          theirs.add(text);
        }
        default -> {
          ours.addPair(text, JsonDouble.of(value));
          theirs.add(JSON.createArrayBuilder().add(text).add(value));
        }
      }
    }
    JsonArray expected = theirs.build();

    JsonTextArray array = ours.build();

    assertEquals(expected.toString(), array.toString());
    assertEquals(expected.toString(), JsonText.of(array));
  }

  @Test
  void its_elements_are_read_from_its_text_when_asked_for() {
    JsonTextArray array =
        JsonTextArray.builder()
            .add(JsonDouble.rounded(10_000, 2))
            .addPair("2024-01-01T00:00:00Z", JsonDouble.rounded(9_968.8, 2))
            .add("x")
            .build();

    assertEquals(3, array.size());
    assertEquals(10_000.0, array.getJsonNumber(0).doubleValue());
    assertEquals("2024-01-01T00:00:00Z", array.getJsonArray(1).getString(0));
    assertEquals(9_968.8, array.getJsonArray(1).getJsonNumber(1).doubleValue());
    assertEquals("x", array.getString(2));
    assertEquals(JsonValue.ValueType.ARRAY, array.getValueType());
    assertEquals(JSON.createReader(new java.io.StringReader(array.toString())).readArray(), array);
  }

  @Test
  void inside_an_object_it_is_written_as_the_rest_of_the_document() {
    JsonTextArray points = JsonTextArray.builder().add(JsonDouble.rounded(1.5, 2)).build();
    JsonValue empty = JsonTextArray.builder().build();
    JsonValue document =
        JSON.createObjectBuilder().add("points", points).add("none", empty).add("n", 1).build();

    assertEquals("{\"points\":[1.5],\"none\":[],\"n\":1}", JsonText.of(document));
    assertEquals(JsonText.of(document), document.toString());
    assertTrue(((JsonArray) empty).isEmpty());
  }
}
