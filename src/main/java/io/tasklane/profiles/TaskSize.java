package io.tasklane.profiles;

import io.tasklane.engines.Timeframe;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The size features of a task read from its parameters: strategy, timeframe, bars of the date range
 * ({@code start_date}..{@code end_date} × 86,400 s / the timeframe's seconds, 1d by default; 0 when
 * no range is named) and training rounds; absent features are null.
 */
public record TaskSize(String strategy, String timeframe, long bars, Integer rounds) {
  public static final TaskSize NONE = new TaskSize(null, null, 0, null);

  public static TaskSize of(String parametersJson) {
    return of(parse(parametersJson));
  }

  public static TaskSize of(JsonObject parameters) {
    return new TaskSize(
        text(parameters, "strategy"),
        text(parameters, "timeframe"),
        bars(parameters),
        rounds(parameters));
  }

  /**
   * The size bucket: 0 for a task without bars, else 1 + ⌊log₄ bars⌋, so a bucket spans a factor of
   * four (a one-year daily backtest of 365 bars is in bucket 5, a year of minutes in bucket 10).
   */
  public int bucket() {
    return bucketOf(bars);
  }

  static int bucketOf(long bars) {
    if (bars <= 0) {
      return 0;
    }
    int bucket = 1;
    for (long n = bars; n >= 4; n /= 4) {
      bucket++;
    }
    return bucket;
  }

  /** Bars in the date range the parameters name; 0 if they name none (or it cannot be read). */
  public static long bars(JsonObject parameters) {
    try {
      if (!(parameters.get("start_date") instanceof JsonString)
          || !(parameters.get("end_date") instanceof JsonString)) {
        return 0;
      }
      LocalDate start = LocalDate.parse(parameters.getString("start_date"));
      LocalDate end = LocalDate.parse(parameters.getString("end_date"));
      Timeframe timeframe = Timeframe.fromCode(parameters.getString("timeframe", "1d"));
      long days = Math.max(0, ChronoUnit.DAYS.between(start, end.plusDays(1)));
      return days * 86_400L / timeframe.seconds();
    } catch (RuntimeException unreadable) {
      return 0; // validated at submission; an unreadable range only loses the size
    }
  }

  /** Training rounds ({@code params.rounds}), if given. */
  private static Integer rounds(JsonObject parameters) {
    return parameters.get("params") instanceof JsonObject params
            && params.get("rounds") instanceof JsonNumber n
        ? n.intValue()
        : null;
  }

  private static String text(JsonObject parameters, String name) {
    return parameters.get(name) instanceof JsonString s ? s.getString() : null;
  }

  private static JsonObject parse(String json) {
    if (json == null || json.isBlank()) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    } catch (RuntimeException unreadable) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
  }
}
