package io.tasklane.engines;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An epoch second as {@link Instant#toString} prints it ({@code 2024-01-01T00:00:00Z}), without its
 * general formatter: a backtest's result prints a time for every point of its preview, and the
 * formatter was a tenth of a tiny task's CPU (issue 25).
 */
final class UtcText {
  private static final int SECONDS_A_DAY = 86_400;

  /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: four-digit years, printed without a sign. */
  private static final long FIRST = -62_167_219_200L;

  private static final long LAST = 253_402_300_799L;

  private UtcText() {}

  static String of(long epochSecond) {
    if (epochSecond < FIRST || epochSecond > LAST) {
      return Instant.ofEpochSecond(epochSecond).toString();
    }
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, SECONDS_A_DAY));
    int second = (int) Math.floorMod(epochSecond, SECONDS_A_DAY);
    char[] text = new char[20];
    digits(text, 0, date.getYear(), 4);
    text[4] = '-';
    digits(text, 5, date.getMonthValue(), 2);
    text[7] = '-';
    digits(text, 8, date.getDayOfMonth(), 2);
    text[10] = 'T';
    digits(text, 11, second / 3600, 2);
    text[13] = ':';
    digits(text, 14, second / 60 % 60, 2);
    text[16] = ':';
    digits(text, 17, second % 60, 2);
    text[19] = 'Z';
    return new String(text);
  }

  private static void digits(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
