package io.tasklane.marketdata;

import io.tasklane.engines.PriceSeries;
import io.tasklane.engines.Timeframe;
import io.tasklane.system.ProblemException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads OHLCV bars from CSV and checks them whole, so an import is all or nothing.
 *
 * <p>The first non-blank line is a header naming the columns, in any order and case: a time column
 * ({@code timestamp}, {@code date}, {@code time} or {@code datetime}), {@code open}, {@code high},
 * {@code low}, {@code close} and optionally {@code volume}; other columns are ignored. Times are
 * dates ({@code 2024-01-31}, midnight UTC), ISO date-times with an offset or {@code Z}, date-times
 * without an offset (taken as UTC) or epoch seconds. Refused, with the line number: rows with the
 * wrong number of fields, unreadable numbers or times, times outside the {@link AcceptedTimes},
 * non-positive prices, a high below the open or close (or a low above), negative volume, times off
 * the timeframe's boundaries, times not strictly ascending, and gaps of more than {@code
 * maxGapBars} missing bars.
 */
public final class CsvBars {
  /** Weekends and a holiday next to one are normal in daily stock data; a missing week is not. */
  public static final int DEFAULT_MAX_GAP_BARS = 4;

  private CsvBars() {}

  /** A refused file: the 1-based line and what is wrong with it. */
  public static final class Invalid extends ProblemException.InvalidInput {
    private final int line;

    Invalid(int line, String problem) {
      super(line > 0 ? "line " + line + ": " + problem : problem);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  /**
   * The bar times an import accepts, in epoch seconds, both ends included. A typo such as
   * 20240-01-01 or epoch milliseconds for seconds would otherwise store a bar centuries away, which
   * every later import and backtest of the series would then have to span.
   */
  public record AcceptedTimes(long earliest, long latest) {
    public static final AcceptedTimes ANY = new AcceptedTimes(Long.MIN_VALUE, Long.MAX_VALUE);

    boolean accepts(long epochSecond) {
      return epochSecond >= earliest && epochSecond <= latest;
    }
  }

  public static PriceSeries read(
      Reader csv, String symbol, Timeframe timeframe, int maxGapBars, AcceptedTimes accepted) {
    try (BufferedReader in = new BufferedReader(csv)) {
      try {
        return parse(in, symbol, timeframe, maxGapBars, accepted);
      } catch (Invalid e) {
        // Read the rest before refusing: a client still sending a large file would otherwise
        // block on its write and never see the 400 (the request size limit still applies).
        drain(in);
        throw e;
      }
    } catch (IOException e) {
      throw new ProblemException.InvalidInput("The CSV body could not be read: " + e.getMessage());
    }
  }

  private static PriceSeries parse(
      BufferedReader in, String symbol, Timeframe timeframe, int maxGapBars, AcceptedTimes accepted)
      throws IOException {
    int lineNumber = 0;
    String line;
    int[] columns = null;
    int fieldCount = 0;
    int size = 0;
    long[] time = new long[1024];
    double[][] values = new double[5][1024];
    long step = timeframe.seconds();
    while ((line = in.readLine()) != null) {
      lineNumber++;
      if (lineNumber == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1); // a byte-order mark from spreadsheet exports
      }
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(",", -1);
      if (columns == null) {
        columns = header(fields, lineNumber);
        fieldCount = fields.length;
        continue;
      }
      if (fields.length != fieldCount) {
        throw new Invalid(
            lineNumber,
            "expected " + fieldCount + " fields like the header, found " + fields.length);
      }
      long t = time(fields[columns[0]].trim(), lineNumber);
      // Before anything turns t into an Instant: far enough out, that would throw.
      if (!accepted.accepts(t)) {
        throw new Invalid(
            lineNumber,
            "'"
                + fields[columns[0]].trim()
                + "' is outside the accepted range "
                + Instant.ofEpochSecond(accepted.earliest())
                + " to "
                + Instant.ofEpochSecond(accepted.latest())
                + " (tasklane.market-data.earliest and max-days-ahead)");
      }
      if (Math.floorMod(t, step) != 0) {
        throw new Invalid(
            lineNumber,
            Instant.ofEpochSecond(t) + " is not on a " + timeframe.code() + " bar boundary");
      }
      if (size > 0) {
        long previous = time[size - 1];
        if (t <= previous) {
          throw new Invalid(
              lineNumber,
              Instant.ofEpochSecond(t)
                  + " is not after the previous bar "
                  + Instant.ofEpochSecond(previous)
                  + " (rows must be in ascending time order, without duplicates)");
        }
        long missing = (t - previous) / step - 1;
        if (missing > maxGapBars) {
          throw new Invalid(
              lineNumber,
              "gap of "
                  + missing
                  + " missing "
                  + timeframe.code()
                  + " bars after "
                  + Instant.ofEpochSecond(previous)
                  + " (at most "
                  + maxGapBars
                  + " allowed; the max_gap query parameter allows more)");
        }
      }
      double open = price(fields, columns[1], "open", lineNumber);
      double high = price(fields, columns[2], "high", lineNumber);
      double low = price(fields, columns[3], "low", lineNumber);
      double close = price(fields, columns[4], "close", lineNumber);
      double volume = columns[5] < 0 ? 0 : number(fields[columns[5]], "volume", lineNumber);
      if (volume < 0) {
        throw new Invalid(lineNumber, "volume must not be negative, got " + fields[columns[5]]);
      }
      if (high < Math.max(open, close)) {
        throw new Invalid(lineNumber, "high " + high + " is below the open or the close");
      }
      if (low > Math.min(open, close)) {
        throw new Invalid(lineNumber, "low " + low + " is above the open or the close");
      }
      if (size == time.length) {
        time = Arrays.copyOf(time, size * 2);
        for (int k = 0; k < values.length; k++) {
          values[k] = Arrays.copyOf(values[k], size * 2);
        }
      }
      time[size] = t;
      values[0][size] = open;
      values[1][size] = high;
      values[2][size] = low;
      values[3][size] = close;
      values[4][size] = volume;
      size++;
    }
    if (columns == null) {
      throw new Invalid(0, "The CSV is empty; expected a header row and at least one bar.");
    }
    if (size == 0) {
      throw new Invalid(0, "The CSV has a header but no bars.");
    }
    return new PriceSeries(
        symbol,
        timeframe,
        Arrays.copyOf(time, size),
        Arrays.copyOf(values[0], size),
        Arrays.copyOf(values[1], size),
        Arrays.copyOf(values[2], size),
        Arrays.copyOf(values[3], size),
        Arrays.copyOf(values[4], size));
  }

  private static void drain(Reader in) {
    char[] buffer = new char[64 * 1024];
    try {
      while (in.read(buffer) >= 0) {
        // discarded
      }
    } catch (IOException e) {
      // the client stopped sending: the refusal still goes out if it can
    }
  }

  /** Column indexes of time, open, high, low, close, volume (-1 when there is no volume). */
  private static int[] header(String[] fields, int lineNumber) {
    int[] columns = {-1, -1, -1, -1, -1, -1};
    for (int i = 0; i < fields.length; i++) {
      String name = fields[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
      int slot =
          switch (name) {
            case "timestamp", "date", "time", "datetime" -> 0;
            case "open" -> 1;
            case "high" -> 2;
            case "low" -> 3;
            case "close" -> 4;
            case "volume" -> 5;
            default -> -1;
          };
      if (slot >= 0) {
        if (columns[slot] >= 0) {
          throw new Invalid(lineNumber, "the header names column '" + name + "' twice");
        }
        columns[slot] = i;
      }
    }
    String[] required = {"timestamp (or date)", "open", "high", "low", "close"};
    for (int slot = 0; slot < required.length; slot++) {
      if (columns[slot] < 0) {
        throw new Invalid(
            lineNumber,
            "the header has no "
                + required[slot]
                + " column; expected timestamp,open,high,low,close[,volume]");
      }
    }
    return columns;
  }

  private static long time(String text, int lineNumber) {
    try {
      if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
        long seconds = Long.parseLong(text);
        if (seconds > Instant.MAX.getEpochSecond()) {
          // Every later step (messages included) turns the time into an Instant.
          throw new Invalid(lineNumber, "epoch seconds " + text + " are beyond any date");
        }
        return seconds;
      }
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
      }
      String iso = text.replace(' ', 'T');
      if (iso.endsWith("Z") || iso.matches(".*[+-]\\d{2}:?\\d{2}$")) {
        return OffsetDateTime.parse(iso).toEpochSecond();
      }
      return LocalDateTime.parse(iso).toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new Invalid(
          lineNumber,
          "'" + text + "' is not a time (use 2024-01-31, 2024-01-31T13:00:00Z or epoch seconds)");
    }
  }

  private static double price(String[] fields, int column, String name, int lineNumber) {
    double value = number(fields[column], name, lineNumber);
    if (!(value > 0)) {
      throw new Invalid(lineNumber, name + " must be a positive price, got " + fields[column]);
    }
    return value;
  }

  private static double number(String text, String name, int lineNumber) {
    try {
      double value = Double.parseDouble(text.trim());
      if (!Double.isFinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new Invalid(lineNumber, name + " is not a number: '" + text.trim() + "'");
    }
  }
}
