package io.tasklane.models;

import io.tasklane.engines.BacktestHandler;
import io.tasklane.engines.Timeframe;
import io.tasklane.tasks.ParameterReader;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** The {@code symbol}, {@code timeframe}, {@code start_date} and {@code end_date} of a task. */
record BarRange(String symbol, Timeframe timeframe, LocalDate start, LocalDate end) {
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
    BarRange range = new BarRange(symbol, timeframe, start, end);
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
}
