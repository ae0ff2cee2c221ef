package io.tasklane.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTextTest {
  private static final JsonProvider JSON = JsonProvider.provider();

  @Test
  void every_character_is_written_as_json_p_writes_it() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      all.append(c);
    }
    all.append("\uD83D\uDE00 end"); // a surrogate pair
    JsonValue value =
        JSON.createObjectBuilder().add(all.toString(), all.toString()).add("", "").build();

    assertEquals(value.toString(), JsonText.of(value));
  }

  @Test
  void random_documents_are_written_as_json_p_writes_them() {
    Random random = new Random(25);
    for (int i = 0; i < 500; i++) {
      JsonValue value = document(random, 0);
      assertEquals(value.toString(), JsonText.of(value));
    }
  }

  @Test
  void literals_and_empty_containers_alone() {
    for (JsonValue value :
        new JsonValue[] {
          JsonValue.TRUE,
          JsonValue.FALSE,
          JsonValue.NULL,
          JsonValue.EMPTY_JSON_OBJECT,
          JsonValue.EMPTY_JSON_ARRAY,
          JSON.createValue("a\"b"),
          JSON.createValue(-0.0),
          JSON.createValue(1e-7)
        }) {
      assertEquals(value.toString(), JsonText.of(value));
    }
  }

  @Test
  void numbers_made_from_doubles_are_written_as_json_p_writes_the_same_doubles() {
    Random random = new Random(2025);
    JsonArrayBuilder ours = JSON.createArrayBuilder();
    JsonArrayBuilder theirs = JSON.createArrayBuilder();
    for (int i = 0; i < 20_000; i++) {
      double value = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(24) - 8);
      int places = random.nextInt(10);
      double scale = Math.pow(10, places);
      ours.add(JsonDouble.rounded(value, places)).add(JsonDouble.of(value));
      theirs.add(Math.round(value * scale) / scale).add(value);
    }
    assertEquals(theirs.build().toString(), JsonText.of(ours.build()));
  }

  private static JsonValue document(Random random, int depth) {
    int kind = depth > 3 ? random.nextInt(7) : random.nextInt(9);
    return switch (kind) {
      case 0 -> JSON.createValue(text(random));
      case 1 -> JSON.createValue(random.nextInt());
      case 2 -> JSON.createValue(random.nextLong());
      case 3 ->
          JSON.createValue((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20));
      case 4 ->
          JSON.createValue(new BigDecimal(new BigInteger(80, random), random.nextInt(30) - 10));
      case 5 -> random.nextBoolean() ? JsonValue.TRUE : JsonValue.FALSE;
      case 6 -> JsonValue.NULL;
      case 7 -> {
        JsonObjectBuilder object = JSON.createObjectBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
          object.add(text(random), document(random, depth + 1));
        }
        yield object.build();
      }
      default -> {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
          array.add(document(random, depth + 1));
        }
        yield array.build();
      }
    };
  }

  private static String text(Random random) {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      s.append(
          switch (random.nextInt(5)) {
            case 0 -> (char) random.nextInt(0x20);
            case 1 -> random.nextBoolean() ? '"' : '\\';
            case 2 -> (char) (0x80 + random.nextInt(0xff00));
            default -> (char) ('a' + random.nextInt(26));
          });
    }
    return s.toString();
  }
}
