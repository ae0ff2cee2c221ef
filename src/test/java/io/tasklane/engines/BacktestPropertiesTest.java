package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties every strategy's result must have, checked against figures recomputed here from the
 * series and the trades, on a 24/7 series and a weekday-only one.
 */
class BacktestPropertiesTest {
  private static final BacktestSettings COSTS = new BacktestSettings(10_000, 0.001, 0.0005);
  private static final List<PriceSeries> SERIES =
      List.of(
          SyntheticMarket.generate(
              "STRATEGIES", LocalDate.of(2018, 1, 1), LocalDate.of(2021, 12, 31), Timeframe.D1),
          SyntheticMarket.generate(
              "SPY", LocalDate.of(2018, 1, 1), LocalDate.of(2021, 12, 31), Timeframe.D1));

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> strategies() {
    return StrategiesTest.strategies();
  }

  /** The strategy's positions, but flat from the second-last bar so every trade closes. */
  private static byte[] flatAtTheEnd(Strategy strategy, PriceSeries series) {
    byte[] positions = strategy.positions(series);
    positions[positions.length - 2] = 0;
    positions[positions.length - 1] = 0;
    return positions;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void total_return_is_final_equity_over_initial_capital_minus_one(
      String name, Function<PriceSeries, Strategy> build) {
    for (PriceSeries series : SERIES) {
      BacktestResult result = build.apply(series).run(series, COSTS, null);
      double[] equity = result.equityCurve();
      assertEquals(equity[equity.length - 1], result.finalEquity());
      assertEquals(result.finalEquity() / 10_000 - 1, result.totalReturn(), 1e-12, name);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void cagr_and_annualised_figures_follow_from_the_bar_times_and_periods_per_year(
      String name, Function<PriceSeries, Strategy> build) {
    for (PriceSeries series : SERIES) {
      BacktestResult result = build.apply(series).run(series, COSTS, null);
      BacktestStatistics statistics = BacktestStatistics.of(result, null);
      long[] t = series.epochSeconds();
      double years = (t[t.length - 1] - t[0]) / 86_400.0 / 365.25;
      double expectedPeriods = series.symbol().equals("SPY") ? 252 : 365;

      assertEquals(expectedPeriods, statistics.periodsPerYear(), name);
      assertEquals(
          Math.pow(result.finalEquity() / 10_000, 1 / years) - 1, statistics.cagr(), 1e-12);
      double[] r = returns(result.equityCurve());
      double stdev = sampleStdev(r);
      assertEquals(stdev * Math.sqrt(expectedPeriods), statistics.annualisedVolatility(), 1e-12);
      assertEquals(
          mean(r) / stdev * Math.sqrt(expectedPeriods), statistics.sharpeRatio(), 1e-9, name);
      // An override changes the annualised ratios by the root of the periods, never CAGR.
      BacktestStatistics overridden = BacktestStatistics.of(result, 12.0);
      assertEquals(statistics.cagr(), overridden.cagr());
      assertEquals(
          statistics.sharpeRatio() * Math.sqrt(12 / expectedPeriods),
          overridden.sharpeRatio(),
          1e-9);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void equity_sharpe_and_drawdown_recomputed_from_the_series_and_trades_agree(
      String name, Function<PriceSeries, Strategy> build) {
    for (PriceSeries series : SERIES) {
      Strategy strategy = build.apply(series);
      BacktestResult result = Backtester.run(series, flatAtTheEnd(strategy, series), COSTS, null);

      double[] equity = equityFromTrades(series, result.trades());
      assertArrayEquals(equity, result.equityCurve(), 1e-6, name);
      assertEquals(bruteForceMaxDrawdown(equity), result.maxDrawdown(), 1e-12, name);
      double[] r = returns(equity);
      assertEquals(
          mean(r) / sampleStdev(r) * Math.sqrt(Annualisation.periodsPerYear(series.epochSeconds())),
          BacktestStatistics.of(result, null).sharpeRatio(),
          1e-6,
          name);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void the_trades_profits_add_up_to_the_change_in_equity_net_of_costs(
      String name, Function<PriceSeries, Strategy> build) {
    for (PriceSeries series : SERIES) {
      BacktestResult result =
          Backtester.run(series, flatAtTheEnd(build.apply(series), series), COSTS, null);
      List<Trade> trades = result.trades();
      assertTrue(trades.size() > 3, name + " closed " + trades.size());
      assertEquals(result.closedTrades(), trades.size());

      double profits = trades.stream().mapToDouble(Trade::profit).sum();
      double costs = trades.stream().mapToDouble(Trade::costs).sum();
      double gross = 0;
      double notional = 0;
      for (Trade trade : trades) {
        double entryOpen = trade.entryPrice() / (1 + COSTS.slippageRate());
        double exitOpen = trade.exitPrice() / (1 - COSTS.slippageRate());
        gross += trade.units() * (exitOpen - entryOpen);
        notional += trade.units() * (trade.entryPrice() + trade.exitPrice());
        assertEquals(trade.profit(), trade.units() * (exitOpen - entryOpen) - trade.costs(), 1e-6);
      }
      double change = result.finalEquity() - result.initialCapital();
      assertEquals(change, profits, 1e-6, name);
      assertEquals(change, gross - result.totalCosts(), 1e-6, name);
      assertEquals(costs, result.totalCosts(), 1e-6, name);
      assertEquals(notional, result.tradedNotional(), 1e-6, name);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void entries_and_exits_fill_at_the_open_of_the_bar_after_the_signal(
      String name, Function<PriceSeries, Strategy> build) {
    for (PriceSeries series : SERIES) {
      byte[] positions = flatAtTheEnd(build.apply(series), series);
      BacktestResult result = Backtester.run(series, positions, COSTS, null);
      long[] time = series.epochSeconds();
      for (Trade trade : result.trades()) {
        int entry = Arrays.binarySearch(time, trade.entryEpochSecond());
        int exit = Arrays.binarySearch(time, trade.exitEpochSecond());
        assertEquals(1, positions[entry - 1], "long wanted at the close before the entry");
        assertTrue(entry < 2 || positions[entry - 2] == 0, "flat wanted the bar before that");
        assertEquals(0, positions[exit - 1], "flat wanted at the close before the exit");
        assertEquals(1, positions[exit - 2], "still long the bar before that");
        assertEquals(series.open()[entry] * 1.0005, trade.entryPrice(), 1e-9);
        assertEquals(series.open()[exit] * 0.9995, trade.exitPrice(), 1e-9);
        assertEquals(exit - entry, trade.barsHeld());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void the_deepest_drawdown_is_the_max_drawdown_and_monthly_returns_compound_to_the_total(
      String name, Function<PriceSeries, Strategy> build) {
    for (PriceSeries series : SERIES) {
      BacktestResult result = build.apply(series).run(series, COSTS, null);
      double[] equity = result.equityCurve();
      List<DrawdownPeriod> periods = DrawdownPeriod.of(equity);

      DrawdownPeriod deepest = DrawdownPeriod.deepest(periods);
      assertEquals(result.maxDrawdown(), deepest.depth(), 1e-12, name);
      for (DrawdownPeriod period : periods) {
        for (int i = period.peak() + 1;
            i < (period.recovered() ? period.recovery() : equity.length);
            i++) {
          assertTrue(equity[i] < equity[period.peak()], "below the peak until recovery");
        }
        if (period.recovered()) {
          assertTrue(equity[period.recovery()] >= equity[period.peak()]);
        }
      }
      double compounded = 1;
      List<MonthlyReturn> months =
          MonthlyReturn.of(result.initialCapital(), result.barTimes(), equity);
      for (MonthlyReturn month : months) {
        compounded *= 1 + month.returnOfMonth();
      }
      assertEquals(48, months.size(), "four years of months");
      assertEquals(1 + result.totalReturn(), compounded, 1e-9, name);
    }
  }

  /** Equity per bar rebuilt from the trades alone: cash when flat, units times close when long. */
  private static double[] equityFromTrades(PriceSeries series, List<Trade> trades) {
    long[] time = series.epochSeconds();
    double[] equity = new double[time.length];
    double cash = COSTS.initialCapital();
    int next = 0;
    for (int i = 0; i < time.length; i++) {
      Trade open = null;
      while (next < trades.size() && trades.get(next).exitEpochSecond() <= time[i]) {
        cash += trades.get(next).profit();
        next++;
      }
      if (next < trades.size() && trades.get(next).entryEpochSecond() <= time[i]) {
        open = trades.get(next);
      }
      equity[i] = open == null ? cash : open.units() * series.close()[i];
    }
    return equity;
  }

  private static double bruteForceMaxDrawdown(double[] equity) {
    double worst = 0;
    for (int i = 0; i < equity.length; i++) {
      for (int j = i + 1; j < equity.length; j++) {
        worst = Math.max(worst, 1 - equity[j] / equity[i]);
      }
    }
    return worst;
  }

  static double[] returns(double[] equity) {
    double[] r = new double[equity.length - 1];
    for (int i = 1; i < equity.length; i++) {
      r[i - 1] = equity[i] / equity[i - 1] - 1;
    }
    return r;
  }

  static double mean(double[] values) {
    return Arrays.stream(values).average().orElseThrow();
  }

  static double sampleStdev(double[] values) {
    double m = mean(values);
    return Math.sqrt(Arrays.stream(values).map(v -> (v - m) * (v - m)).sum() / (values.length - 1));
  }

  private static void assertArrayEquals(
      double[] expected, double[] actual, double delta, String m) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, delta, m);
  }
}
