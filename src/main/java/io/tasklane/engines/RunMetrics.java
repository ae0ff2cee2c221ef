package io.tasklane.engines;

/**
 * The scalar figures of one backtest, rounded exactly as a {@code backtest} task's result rounds
 * them, so a sweep's row and the same parameters run as a task agree to the last digit. Annualised
 * figures and the win rate are {@code null} where the task's result has {@code null}.
 */
public record RunMetrics(
    double totalReturn,
    Double cagr,
    Double annualisedVolatility,
    Double sharpeRatio,
    Double sortinoRatio,
    double maxDrawdown,
    Double winRate,
    double exposure,
    int tradeCount,
    double finalEquity,
    double totalCosts) {

  public static RunMetrics of(BacktestResult result, Double periodsPerYear) {
    BacktestStatistics statistics = BacktestStatistics.of(result, periodsPerYear);
    return new RunMetrics(
        BacktestHandler.round(result.totalReturn(), 6),
        rounded(statistics.cagr(), 6),
        rounded(statistics.annualisedVolatility(), 6),
        rounded(statistics.sharpeRatio(), 4),
        rounded(statistics.sortinoRatio(), 4),
        BacktestHandler.round(result.maxDrawdown(), 6),
        rounded(result.winRate(), 6),
        BacktestHandler.round(result.exposure(), 6),
        result.tradeCount(),
        BacktestHandler.round(result.finalEquity(), 2),
        BacktestHandler.round(result.totalCosts(), 6));
  }

  /** A figure by its wire name ({@code sharpe_ratio}), or null if it has none. */
  public Double value(String metric) {
    return switch (metric) {
      case "total_return" -> totalReturn;
      case "cagr" -> cagr;
      case "annualised_volatility" -> annualisedVolatility;
      case "sharpe_ratio" -> sharpeRatio;
      case "sortino_ratio" -> sortinoRatio;
      case "max_drawdown" -> maxDrawdown;
      case "win_rate" -> winRate;
      case "exposure" -> exposure;
      case "trade_count" -> (double) tradeCount;
      case "final_equity" -> finalEquity;
      case "total_costs" -> totalCosts;
      default -> throw new IllegalArgumentException("No metric " + metric);
    };
  }

  private static Double rounded(Double value, int places) {
    return value == null || !Double.isFinite(value) ? null : BacktestHandler.round(value, places);
  }
}
