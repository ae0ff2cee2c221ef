package io.tasklane.quantconnect.sandbox;

import io.tasklane.engines.PerformanceMetrics;
import java.util.SplittableRandom;

/**
 * The sandbox's backtest figures, all read off one simulated equity path so they agree the way a
 * real backtest's do: net profit, CAGR and Sharpe ratio share a sign, and the drawdown is the
 * path's own.
 *
 * <p>The path is two years of trading days whose log returns have a drift and volatility drawn from
 * the seed. The Sharpe ratio is that of the daily log returns, whose sum is the log of the final
 * equity: so its sign is the sign of the net profit exactly, with no volatility drag to separate
 * them.
 *
 * @param netProfit percent, 12.5 for +12.5 %
 * @param compoundingAnnualReturn percent
 * @param drawdown percent, positive
 * @param winRate percent
 */
record SimulatedStatistics(
    double netProfit,
    double compoundingAnnualReturn,
    double sharpeRatio,
    double drawdown,
    long orders,
    double winRate,
    double[] equity) {

  static final double STARTING_EQUITY = 100_000;
  static final int TRADING_DAYS = 2 * 252;
  private static final double YEARS = 2;

  /** The same figures for the same seed. */
  static SimulatedStatistics of(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double annualDrift = -0.3 + 0.8 * random.nextDouble();
    double annualVolatility = 0.08 + 0.4 * random.nextDouble();
    double dailyDrift = annualDrift / 252;
    double dailyVolatility = annualVolatility / Math.sqrt(252);
    double[] equity = new double[TRADING_DAYS + 1];
    double[] logReturns = new double[TRADING_DAYS];
    equity[0] = STARTING_EQUITY;
    double logEquity = Math.log(STARTING_EQUITY);
    for (int i = 0; i < TRADING_DAYS; i++) {
      logReturns[i] = dailyDrift + dailyVolatility * random.nextGaussian();
      logEquity += logReturns[i];
      equity[i + 1] = Math.exp(logEquity);
    }
    double growth = equity[TRADING_DAYS] / STARTING_EQUITY;
    return new SimulatedStatistics(
        100 * (growth - 1),
        100 * (Math.pow(growth, 1 / YEARS) - 1),
        sharpe(logReturns),
        100 * PerformanceMetrics.maxDrawdown(equity),
        10 + random.nextInt(490),
        30 + random.nextInt(41),
        equity);
  }

  /** Final equity of the path, in dollars. */
  double finalEquity() {
    return equity[TRADING_DAYS];
  }

  private static double sharpe(double[] logReturns) {
    double sum = 0;
    for (double r : logReturns) {
      sum += r;
    }
    double mean = sum / logReturns.length;
    double squares = 0;
    for (double r : logReturns) {
      squares += (r - mean) * (r - mean);
    }
    double stdev = Math.sqrt(squares / (logReturns.length - 1));
    return stdev == 0 ? 0 : mean / stdev * Math.sqrt(252);
  }
}
