package io.tasklane.engines;

import io.tasklane.system.ProblemException;
import io.tasklane.tasks.ParameterReader;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which bars a task asked for: the stored ones (the default) or, by name, the synthetic market
 * ({@code "data": "synthetic"}). A typo once gave invented results that looked real (APPL for
 * AAPL); so a symbol without stored bars is refused, naming the closest stored ones, and a range
 * the stored bars cover only in part is refused unless {@code "allow_partial": true}.
 */
public record DataChoice(boolean synthetic, boolean allowPartial) {
  /** The parameters this reads, for the task types' allow-lists. */
  public static final Set<String> PARAMETERS = Set.of("data", "allow_partial");

  private static final Pattern DATA = Pattern.compile("stored|synthetic");

  /** Slack at either end of a range: weekends and holidays hold no bars of a stock. */
  static final Duration SLACK = Duration.ofDays(4);

  public static DataChoice read(ParameterReader p) {
    String data = p.string("data", "stored", DATA, "stored or synthetic");
    return new DataChoice("synthetic".equals(data), p.bool("allow_partial", false));
  }

  /** Adds what differs from the defaults to a task's normalised parameters. */
  public void addTo(JsonObjectBuilder parameters) {
    if (synthetic) {
      parameters.add("data", "synthetic");
    }
    if (allowPartial) {
      parameters.add("allow_partial", true);
    }
  }

  /**
   * What a run reads: {@code source} is {@code stored} or {@code synthetic}; a note if partial; the
   * stored range as checked (null for synthetic bars).
   */
  public record Coverage(String source, boolean partial, String note, BarSource.StoredRange range) {
    public static final Coverage SYNTHETIC = new Coverage("synthetic", false, null, null);

    public boolean stored() {
      return source.equals("stored");
    }
  }

  /**
   * Checks that the bars this choice asks for exist for the whole range.
   *
   * @throws ProblemException.InvalidInput naming what is stored, if they do not
   */
  public Coverage check(
      BarSource bars, String symbol, Timeframe timeframe, LocalDate start, LocalDate end) {
    return check(bars, symbol, timeframe, start, end, System.nanoTime());
  }

  /**
   * As {@link #check(BarSource, String, Timeframe, LocalDate, LocalDate)}, on what is stored as
   * read at or after {@code readAfterNanos} ({@link BarSource#storedRange(String, Timeframe,
   * long)}).
   */
  public Coverage check(
      BarSource bars,
      String symbol,
      Timeframe timeframe,
      LocalDate start,
      LocalDate end,
      long readAfterNanos) {
    if (synthetic) {
      return Coverage.SYNTHETIC;
    }
    Optional<BarSource.StoredRange> stored = bars.storedRange(symbol, timeframe, readAfterNanos);
    if (stored.isEmpty()) {
      throw new ProblemException.InvalidInput(
          "parameters.symbol: no "
              + timeframe.code()
              + " bars of "
              + symbol
              + " are stored ("
              + closest(bars.storedSeries(), symbol)
              + "). Import them (POST /api/market-data/"
              + symbol
              + "), or set \"data\": \"synthetic\" to run on generated bars.");
    }
    BarSource.StoredRange range = stored.get();
    Instant from = start.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant lastOpen = end.atStartOfDay(ZoneOffset.UTC).toInstant();
    String storedText =
        "the stored "
            + timeframe.code()
            + " bars of "
            + symbol
            + " cover "
            + day(range.first())
            + " to "
            + day(range.last());
    String asked = start + " to " + end;
    if (range.first().isAfter(lastOpen.plus(Duration.ofDays(1))) || range.last().isBefore(from)) {
      throw new ProblemException.InvalidInput(
          "parameters.start_date: "
              + storedText
              + ", none of "
              + asked
              + ". Choose a range within them, or set \"data\": \"synthetic\".");
    }
    boolean coversStart = !range.first().isAfter(from.plus(SLACK));
    boolean coversEnd = !range.last().isBefore(lastOpen.minus(SLACK));
    if (coversStart && coversEnd) {
      return new Coverage("stored", false, null, range);
    }
    if (!allowPartial) {
      throw new ProblemException.InvalidInput(
          "parameters.start_date: "
              + storedText
              + ", not all of "
              + asked
              + ". Narrow the range, or set \"allow_partial\": true to run on the covered part.");
    }
    return new Coverage(
        "stored",
        true,
        "Only part of the range was run: " + storedText + " of the requested " + asked + ".",
        range);
  }

  private static String day(Instant instant) {
    return instant.atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  /** The three stored series whose symbols are closest to {@code symbol}. */
  static String closest(List<BarSource.StoredRange> stored, String symbol) {
    if (stored.isEmpty()) {
      return "nothing is stored yet";
    }
    String wanted = symbol.toUpperCase(Locale.ROOT);
    List<String> nearest =
        stored.stream()
            .sorted(
                Comparator.comparingInt((BarSource.StoredRange s) -> distance(s.symbol(), wanted))
                    .thenComparing(BarSource.StoredRange::symbol))
            .limit(3)
            .map(s -> s.symbol() + " " + s.timeframe().code())
            .toList();
    return "closest stored: " + String.join(", ", nearest);
  }

  /** Levenshtein distance: APPL is one edit from AAPL. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
