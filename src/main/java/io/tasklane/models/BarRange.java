package io.tasklane.models;

import io.tasklane.engines.BacktestHandler;
import io.tasklane.engines.BarSource;
import io.tasklane.engines.DataChoice;
import io.tasklane.engines.PriceSeries;
import io.tasklane.engines.SyntheticMarket;
import io.tasklane.engines.Timeframe;
import io.tasklane.tasks.ParameterReader;
import jakarta.json.JsonObjectBuilder;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * The {@code symbol}, {@code timeframe}, {@code start_date} and {@code end_date} of a task, and
 * which bars it asked for ({@code data}, {@code allow_partial}).
 */
record BarRange(
    String symbol, Timeframe timeframe, LocalDate start, LocalDate end, DataChoice data) {
  /** Training and prediction read every bar into memory; this keeps a task within its RAM. */
  static final long MAX_BARS = 2_000_000;

  static BarRange read(ParameterReader p) {
    String symbol = BacktestHandler.symbol(p);
    Timeframe timeframe = BacktestHandler.timeframe(p);
    LocalDate start = p.date("start_date");
    LocalDate end = p.date("end_date");
    if (end.isBefore(start)) {
      throw p.invalid("end_date", "must not be before start_date");
    }
    BarRange range = new BarRange(symbol, timeframe, start, end, DataChoice.read(p));
    if (range.calendarBars() > MAX_BARS) {
      throw p.invalid(
          "end_date",
          "the range holds up to "
              + range.calendarBars()
              + " "
              + timeframe.code()
              + " bars; at most "
              + MAX_BARS
              + " are allowed");
    }
    return range;
  }

  /** Bars in the range if the market traded around the clock (an upper bound for stored data). */
  long calendarBars() {
    return ChronoUnit.DAYS.between(start, end.plusDays(1)) * 86_400L / timeframe.seconds();
  }

  long startEpochSecond() {
    return start.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  }

  /** The parameters {@link #read} takes, for the task types' allow-lists. */
  static Set<String> parameters(String... others) {
    Set<String> names =
        new java.util.HashSet<>(Set.of("symbol", "timeframe", "start_date", "end_date"));
    names.addAll(DataChoice.PARAMETERS);
    names.addAll(Set.of(others));
    return Set.copyOf(names);
  }

  /** The range's own parameters, for a task's normalised parameters. */
  void addTo(JsonObjectBuilder json) {
    json.add("symbol", symbol)
        .add("timeframe", timeframe.code())
        .add("start_date", start.toString())
        .add("end_date", end.toString());
    data.addTo(json);
  }

  /** Whether the bars it asks for exist (a 400 naming what is stored, if not). */
  DataChoice.Coverage check(BarSource bars) {
    return data.check(bars, symbol, timeframe, start, end);
  }

  /** At run time: the stored bars may have changed since the submission. */
  DataChoice.Coverage checkAtRun(BarSource bars) {
    try {
      return check(bars);
    } catch (io.tasklane.system.ProblemException e) {
      throw new io.tasklane.tasks.TaskFailure(e.getMessage());
    }
  }

  /** The bars from {@code from} to the range's end, stored or generated as the coverage says. */
  PriceSeries load(BarSource bars, DataChoice.Coverage coverage, LocalDate from) {
    return coverage.stored()
        ? bars.load(symbol, timeframe, from, end)
        : SyntheticMarket.generate(symbol, from, end, timeframe);
  }
}
