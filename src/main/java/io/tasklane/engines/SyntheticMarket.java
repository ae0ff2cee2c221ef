package io.tasklane.engines;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Deterministic synthetic OHLCV bars: the same symbol, dates and timeframe always give identical
 * bars, on any JVM.
 *
 * <p>Closes follow a geometric random walk whose drift and volatility switch between regimes (calm
 * uptrend, calm downtrend, volatile sideways), with occasional gaps between one close and the next
 * open. Bars run around the clock every calendar day, like a crypto market, except for stock-like
 * symbols ({@link #tradesOnWeekdaysOnly}), which have no Saturday or Sunday bars, as on an
 * exchange.
 */
public final class SyntheticMarket {

  /** The most bars one call may generate; six arrays of them already take about 1 GB. */
  static final long MAX_BARS = 20_000_000L;

  private static final long SECONDS_PER_DAY = 86_400;

  // Annual drift and volatility of each regime. Drifts are chosen so that the log-price has
  // roughly no drift on average over many regimes, keeping long series in a sensible price range.
  private static final double[] ANNUAL_DRIFT = {0.50, -0.25, 0.40};
  private static final double[] ANNUAL_VOLATILITY = {0.40, 0.50, 0.90};

  /** Mean regime length and mean time between gaps, in days, whatever the timeframe. */
  private static final double MEAN_REGIME_DAYS = 45;

  private static final double MEAN_DAYS_BETWEEN_GAPS = 30;

  /** A gap moves the price by this many one-day standard deviations, on average in size. */
  private static final double GAP_SIZE_IN_DAILY_SIGMAS = 1.5;

  /** The largest wick beyond the body, in per-bar standard deviations. */
  private static final double MAX_WICK_IN_BAR_SIGMAS = 1.0;

  private static final double MIN_START_PRICE = 10;
  private static final double MAX_START_PRICE = 50_000;

  /** Traded notional per day at the starting price, to size volumes. */
  private static final double DAILY_NOTIONAL = 5_000_000;

  private static final Pattern STOCK_LIKE = Pattern.compile("[A-Za-z]{1,5}(\\.[A-Za-z]{1,2})?");

  private SyntheticMarket() {}

  /**
   * Generates bars covering [{@code start} 00:00 UTC, {@code endInclusive} + 1 day 00:00 UTC), one
   * every {@code timeframe.seconds()}.
   *
   * @throws IllegalArgumentException if {@code endInclusive} is before {@code start} or the range
   *     holds more than 20,000,000 bars
   */
  public static PriceSeries generate(
      String symbol, LocalDate start, LocalDate endInclusive, Timeframe timeframe) {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(endInclusive, "endInclusive");
    Objects.requireNonNull(timeframe, "timeframe");
    if (endInclusive.isBefore(start)) {
      throw new IllegalArgumentException("end " + endInclusive + " is before start " + start);
    }
    long days = ChronoUnit.DAYS.between(start, endInclusive) + 1;
    long barCount = days * SECONDS_PER_DAY / timeframe.seconds();
    if (barCount > MAX_BARS) {
      throw new IllegalArgumentException(
          start
              + " to "
              + endInclusive
              + " at "
              + timeframe.code()
              + " is "
              + barCount
              + " bars; at most "
              + MAX_BARS
              + " are allowed");
    }
    long step = timeframe.seconds();
    boolean weekdaysOnly = tradesOnWeekdaysOnly(symbol);
    long[] epochSeconds = barTimes(start, days, step, weekdaysOnly);
    int bars = epochSeconds.length;

    SplittableRandom random = new SplittableRandom(seedOf(symbol));
    StandardNormal normal = new StandardNormal(random);

    // Per-bar drift and volatility follow the calendar the bars are on, so a year of weekday bars
    // has the same annual volatility as a year of 24/7 bars.
    double periodsPerYear =
        weekdaysOnly
            ? Annualisation.TRADING_DAYS_PER_YEAR * (double) SECONDS_PER_DAY / step
            : timeframe.periodsPerYear();
    double[] barDrift = new double[ANNUAL_DRIFT.length];
    double[] barSigma = new double[ANNUAL_DRIFT.length];
    double[] gapSigma = new double[ANNUAL_DRIFT.length];
    for (int r = 0; r < ANNUAL_DRIFT.length; r++) {
      double vol = ANNUAL_VOLATILITY[r];
      // The -vol^2/2 term makes the expected (not the median) growth match the regime's drift.
      barDrift[r] = (ANNUAL_DRIFT[r] - 0.5 * vol * vol) / periodsPerYear;
      barSigma[r] = vol / Math.sqrt(periodsPerYear);
      gapSigma[r] = GAP_SIZE_IN_DAILY_SIGMAS * vol / Math.sqrt(365);
    }
    double barsPerDay = (double) SECONDS_PER_DAY / step;
    double switchProbability = 1 / (MEAN_REGIME_DAYS * barsPerDay);
    double gapProbability = 1 / (MEAN_DAYS_BETWEEN_GAPS * barsPerDay);

    double startPrice =
        MIN_START_PRICE * StrictMath.pow(MAX_START_PRICE / MIN_START_PRICE, random.nextDouble());
    double baseVolume = DAILY_NOTIONAL / startPrice / barsPerDay;
    int regime = random.nextInt(ANNUAL_DRIFT.length);

    double[] open = new double[bars];
    double[] high = new double[bars];
    double[] low = new double[bars];
    double[] close = new double[bars];
    double[] volume = new double[bars];

    double previousClose = startPrice;
    for (int i = 0; i < bars; i++) {
      if (random.nextDouble() < switchProbability) {
        regime = (regime + 1 + random.nextInt(ANNUAL_DRIFT.length - 1)) % ANNUAL_DRIFT.length;
      }
      double sigma = barSigma[regime];
      double o = previousClose;
      if (random.nextDouble() < gapProbability) {
        o = previousClose * StrictMath.exp(gapSigma[regime] * normal.next());
      }
      double shock = normal.next();
      double c = o * StrictMath.exp(barDrift[regime] + sigma * shock);
      double wick = MAX_WICK_IN_BAR_SIGMAS * sigma;
      open[i] = o;
      close[i] = c;
      high[i] = Math.max(o, c) * (1 + wick * random.nextDouble());
      low[i] = Math.min(o, c) / (1 + wick * random.nextDouble());
      // Busier bars when the price moves more, as in real markets.
      volume[i] = baseVolume * (0.5 + random.nextDouble()) * (1 + 0.5 * Math.abs(shock));
      previousClose = c;
    }
    return new PriceSeries(symbol, timeframe, epochSeconds, open, high, low, close, volume);
  }

  /**
   * Whether the symbol looks like a stock or an ETF ({@code SPY}, {@code AAPL}, {@code BRK.B}): one
   * to five letters, optionally a one- or two-letter class. Pairs such as {@code BTC_USDT} and
   * anything longer trade around the clock.
   */
  public static boolean tradesOnWeekdaysOnly(String symbol) {
    return STOCK_LIKE.matcher(symbol).matches();
  }

  private static long[] barTimes(LocalDate start, long days, long step, boolean weekdaysOnly) {
    long barsPerDay = SECONDS_PER_DAY / step;
    long tradingDays = 0;
    for (long d = 0; d < days; d++) {
      if (!weekdaysOnly || !isWeekend(start.plusDays(d))) {
        tradingDays++;
      }
    }
    long[] times = new long[(int) (tradingDays * barsPerDay)];
    int i = 0;
    for (long d = 0; d < days; d++) {
      LocalDate day = start.plusDays(d);
      if (weekdaysOnly && isWeekend(day)) {
        continue;
      }
      long midnight = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
      for (long b = 0; b < barsPerDay; b++) {
        times[i++] = midnight + b * step;
      }
    }
    return times;
  }

  private static boolean isWeekend(LocalDate day) {
    return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  /** CRC32 of the UTF-8 bytes: specified, so the seed is the same on every JVM. */
  static long seedOf(String symbol) {
    CRC32 crc = new CRC32();
    crc.update(symbol.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  /**
   * Standard normal variates by Marsaglia's polar method. Written out rather than using {@code
   * nextGaussian()}, whose algorithm the JDK does not promise to keep, and with {@link StrictMath},
   * whose results are the same on every platform.
   */
  private static final class StandardNormal {
    private final SplittableRandom random;
    private double spare;
    private boolean hasSpare;

    StandardNormal(SplittableRandom random) {
      this.random = random;
    }

    double next() {
      if (hasSpare) {
        hasSpare = false;
        return spare;
      }
      double u;
      double v;
      double s;
      do {
        u = 2 * random.nextDouble() - 1;
        v = 2 * random.nextDouble() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s == 0);
      double scale = Math.sqrt(-2 * StrictMath.log(s) / s);
      spare = v * scale;
      hasSpare = true;
      return u * scale;
    }
  }
}
