package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class AnnualisationTest {
  private static final LocalDate MONDAY = LocalDate.of(2024, 1, 1);

  /** Bars of {@code step} seconds from {@code firstSecondOfDay} for {@code perDay} bars a day. */
  private static long[] bars(
      int days, boolean weekdaysOnly, long firstSecondOfDay, int perDay, long step) {
    return LongStream.range(0, days)
        .mapToObj(MONDAY::plusDays)
        .filter(
            d ->
                !weekdaysOnly
                    || (d.getDayOfWeek() != DayOfWeek.SATURDAY
                        && d.getDayOfWeek() != DayOfWeek.SUNDAY))
        .flatMapToLong(
            d -> {
              long midnight = d.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
              return LongStream.range(0, perDay).map(b -> midnight + firstSecondOfDay + b * step);
            })
        .toArray();
  }

  @Test
  void exchange_daily_bars_with_no_weekends_make_252_a_year() {
    assertEquals(252, Annualisation.periodsPerYear(bars(365, true, 0, 1, 86_400)), 0);
  }

  @Test
  void daily_bars_every_calendar_day_make_365_a_year() {
    assertEquals(365, Annualisation.periodsPerYear(bars(365, false, 0, 1, 86_400)), 0);
  }

  @Test
  void one_minute_bars_around_the_clock_make_365_times_1440_a_year() {
    assertEquals(365 * 1440, Annualisation.periodsPerYear(bars(21, false, 0, 1440, 60)), 1e-6);
  }

  @Test
  void one_minute_bars_of_a_weekday_session_make_252_times_390_a_year() {
    // 14:30 to 21:00 UTC, the New York session.
    assertEquals(252 * 390, Annualisation.periodsPerYear(bars(28, true, 52_200, 390, 60)), 1e-6);
  }

  @Test
  void hourly_bars_around_the_clock_make_365_times_24_a_year() {
    assertEquals(365 * 24, Annualisation.periodsPerYear(bars(30, false, 0, 24, 3_600)), 1e-6);
  }

  @Test
  void weekly_bars_make_about_52_a_year() {
    long[] weekly = LongStream.range(0, 60).map(w -> 1_704_067_200L + w * 7 * 86_400L).toArray();
    assertEquals(365.25 / 7, Annualisation.periodsPerYear(weekly), 1e-9);
  }

  @Test
  void a_few_missing_days_do_not_change_the_calendar() {
    long[] daily = bars(365, true, 0, 1, 86_400);
    long[] withHolidays = Arrays.stream(daily).filter(t -> (t / 86_400) % 50 != 0).toArray();
    assertEquals(252, Annualisation.periodsPerYear(withHolidays), 0);
  }
}
