package io.tasklane.engines;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The return of one calendar month (UTC): equity at the month's last bar over equity at the
 * previous month's last bar (the initial capital for the first month), minus one.
 */
public record MonthlyReturn(YearMonth month, double returnOfMonth) {

  /** One entry per calendar month that has a bar, oldest first. */
  static List<MonthlyReturn> of(double initialCapital, long[] barTimes, double[] equity) {
    List<MonthlyReturn> months = new ArrayList<>();
    if (barTimes.length == 0) {
      return months;
    }
    double base = initialCapital;
    YearMonth month = monthOf(barTimes[0]);
    long nextMonthStart = startOf(month.plusMonths(1));
    for (int i = 1; i < barTimes.length; i++) {
      // Compared as seconds so that millions of intraday bars need no date arithmetic each.
      if (barTimes[i] >= nextMonthStart) {
        months.add(new MonthlyReturn(month, equity[i - 1] / base - 1));
        base = equity[i - 1];
        month = monthOf(barTimes[i]);
        nextMonthStart = startOf(month.plusMonths(1));
      }
    }
    months.add(new MonthlyReturn(month, equity[equity.length - 1] / base - 1));
    return months;
  }

  private static YearMonth monthOf(long epochSecond) {
    return YearMonth.from(Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC));
  }

  private static long startOf(YearMonth month) {
    return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  }
}
