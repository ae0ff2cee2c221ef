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
 * <p>The first non-blank line is a header naming the columns, in any order and case, spaces and
 * underscores ignored: a time column ({@code timestamp}, {@code date}, {@code time}, {@code
 * datetime} or {@code open_time}), {@code open}, {@code high}, {@code low}, {@code close} and
 * optionally {@code volume} and {@code adj_close}; other columns are ignored. With an adjusted
 * close (Yahoo's {@code Adj Close}) each row's open, high, low and close are scaled by adj_close /
 * close, so splits and dividends leave no jumps; the checks below apply to the adjusted prices. A
 * file without a header whose first line has 12 fields starting with epoch milliseconds or
 * microseconds is a Binance kline file (open time, open, high, low, close, volume, six more that
 * are ignored).
 *
 * <p>Times are dates ({@code 2024-01-31}, midnight UTC), ISO date-times with an offset or {@code
 * Z}, date-times without an offset (taken as UTC) or epoch numbers: below 10^11 seconds, below
 * 10^14 milliseconds, below 10^17 microseconds. Refused, with the line number: rows with the wrong
 * number of fields, unreadable numbers or times, times outside the {@link AcceptedTimes},
 * non-positive prices, a high below the open or close (or a low above), negative volume, times off
 * the timeframe's boundaries, times not strictly ascending, and gaps of more than {@code
 * maxGapBars} missing bars.
 */
public final class CsvBars {
  /** Weekends and a holiday next to one are normal in daily stock data; a missing week is not. */
  public static final int DEFAULT_MAX_GAP_BARS = 4;

  /** Binance kline files have no header and always this many fields. */
  private static final int BINANCE_KLINE_FIELDS = 12;

  /** Epoch numbers at or above these are milliseconds, microseconds, or no date at all. */
  private static final long MILLIS_FROM = 100_000_000_000L;

  private static final long MICROS_FROM = 100_000_000_000_000L;
  private static final long NO_DATE_FROM = 100_000_000_000_000_000L;

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
        fieldCount = fields.length;
        if (isBinanceKline(fields)) {
          columns = new int[] {0, 1, 2, 3, 4, 5, -1}; // and this first line is already a bar
        } else {
          columns = header(fields, lineNumber);
          continue;
        }
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
      if (columns[6] >= 0) {
        double adjustedClose = price(fields, columns[6], "adj_close", lineNumber);
        open = adjusted(open, close, adjustedClose);
        high = adjusted(high, close, adjustedClose);
        low = adjusted(low, close, adjustedClose);
        close = adjustedClose;
      }
      double volume = columns[5] < 0 ? 0 : number(fields[columns[5]], "volume", lineNumber);
      if (volume < 0) {
        throw new Invalid(lineNumber, "volume must not be negative, got " + fields[columns[5]]);
      }
      // Checked after adjusting: those are the prices that are stored and backtested.
      String adjustedNote = columns[6] >= 0 ? " (prices adjusted by adj_close / close)" : "";
      if (high < Math.max(open, close)) {
        throw new Invalid(
            lineNumber, "high " + high + " is below the open or the close" + adjustedNote);
      }
      if (low > Math.min(open, close)) {
        throw new Invalid(
            lineNumber, "low " + low + " is above the open or the close" + adjustedNote);
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

  /**
   * A headerless first line of 12 fields whose first is a 13-digit (milliseconds) or 16-digit
   * (microseconds, Binance spot files from 2025 on) number: no header names a column like that.
   */
  private static boolean isBinanceKline(String[] fields) {
    String first = fields[0].trim();
    return fields.length == BINANCE_KLINE_FIELDS
        && (first.length() == 13 || first.length() == 16)
        && first.chars().allMatch(Character::isDigit);
  }

  /**
   * {@code value} scaled by the row's adjustment ratio. A price equal to the close becomes exactly
   * the adjusted close, so a high equal to the close cannot end up one rounding below it.
   */
  private static double adjusted(double value, double close, double adjustedClose) {
    return value == close ? adjustedClose : value * (adjustedClose / close);
  }

  /**
   * Column indexes of time, open, high, low, close, volume and adjusted close (-1 when a column is
   * absent).
   */
  private static int[] header(String[] fields, int lineNumber) {
    int[] columns = {-1, -1, -1, -1, -1, -1, -1};
    for (int i = 0; i < fields.length; i++) {
      String name = fields[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
      // Yahoo writes "Adj Close", others adj_close or AdjClose: compare without the separators.
      int slot =
          switch (name.replace(" ", "").replace("_", "")) {
            case "timestamp", "date", "time", "datetime", "opentime" -> 0;
            case "open" -> 1;
            case "high" -> 2;
            case "low" -> 3;
            case "close" -> 4;
            case "volume" -> 5;
            case "adjclose" -> 6;
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
                + " column; expected timestamp,open,high,low,close[,volume][,adj_close]");
      }
    }
    return columns;
  }

  private static long time(String text, int lineNumber) {
    try {
      if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
        return epochSeconds(text, lineNumber);
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
          "'"
              + text
              + "' is not a time (use 2024-01-31, 2024-01-31T13:00:00Z or epoch seconds,"
              + " milliseconds or microseconds)");
    }
  }

  /**
   * Epoch seconds from seconds, milliseconds or microseconds told apart by magnitude: 10^11 seconds
   * is the year 5138, while 10^11 milliseconds and 10^14 microseconds are both March 1973.
   */
  private static long epochSeconds(String text, int lineNumber) {
    long number = Long.parseLong(text);
    if (number >= NO_DATE_FROM) {
      // Past the year 5138 in any unit; every later step (messages included) needs an Instant.
      throw new Invalid(
          lineNumber,
          "epoch number " + text + " is beyond any date in seconds, milliseconds or microseconds");
    }
    long perSecond = number >= MICROS_FROM ? 1_000_000 : number >= MILLIS_FROM ? 1_000 : 1;
    if (number % perSecond != 0) {
      throw new Invalid(
          lineNumber, "'" + text + "' falls between whole seconds, so on no bar boundary");
    }
    return number / perSecond;
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
