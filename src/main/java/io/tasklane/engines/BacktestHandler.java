package io.tasklane.engines;

import io.tasklane.resources.ResourceEstimate;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.ParameterReader;
import io.tasklane.tasks.TaskContext;
import io.tasklane.tasks.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The local {@code backtest} task: a strategy over a symbol's bars between two dates. Bars come
 * from the deterministic synthetic market, so the same parameters always give the same figures.
 */
@ApplicationScoped
public class BacktestHandler implements TaskHandler {
  static final String SMA_CROSSOVER = "sma_crossover";
  private static final int EQUITY_POINTS = 500;
  private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_./-]{0,31}");
  private static final Pattern STRATEGY = Pattern.compile(SMA_CROSSOVER);
  private static final Pattern TIMEFRAME = Pattern.compile("1d|1h|1m");
  private static final Set<String> PARAMETERS =
      Set.of(
          "strategy",
          "symbol",
          "start_date",
          "end_date",
          "timeframe",
          "initial_capital",
          "commission",
          "slippage",
          "params");
  private static final Set<String> SMA_PARAMETERS = Set.of("fast_period", "slow_period");

  @Override
  public String taskType() {
    return "backtest";
  }

  @Override
  public Lane lane() {
    return Lane.LOCAL;
  }

  @Override
  public ResourceEstimate defaultEstimate() {
    return new ResourceEstimate(1.0, 0.5);
  }

  @Override
  public Duration defaultTimeout() {
    return Duration.ofMinutes(10);
  }

  /** A backtest's parameters after validation, defaults filled in. */
  record Spec(
      String strategy,
      String symbol,
      LocalDate startDate,
      LocalDate endDate,
      Timeframe timeframe,
      BacktestSettings settings,
      int fastPeriod,
      int slowPeriod) {

    JsonObject toJson() {
      return Json.createObjectBuilder()
          .add("strategy", strategy)
          .add("symbol", symbol)
          .add("start_date", startDate.toString())
          .add("end_date", endDate.toString())
          .add("timeframe", timeframe.code())
          .add("initial_capital", settings.initialCapital())
          .add("commission", settings.commissionRate())
          .add("slippage", settings.slippageRate())
          .add(
              "params",
              Json.createObjectBuilder()
                  .add("fast_period", fastPeriod)
                  .add("slow_period", slowPeriod))
          .build();
    }

    long bars() {
      return ChronoUnit.DAYS.between(startDate, endDate.plusDays(1))
          * 86_400L
          / timeframe.seconds();
    }
  }

  static Spec read(JsonObject parameters) {
    ParameterReader p = ParameterReader.of(parameters).allowOnly(PARAMETERS);
    String strategy = p.string("strategy", SMA_CROSSOVER, STRATEGY, "one of: " + SMA_CROSSOVER);
    String symbol =
        p.string("symbol", null, SYMBOL, "a symbol like BTC_USDT").toUpperCase(Locale.ROOT);
    LocalDate start = p.date("start_date");
    LocalDate end = p.date("end_date");
    if (end.isBefore(start)) {
      throw p.invalid("end_date", "must not be before start_date");
    }
    Timeframe timeframe =
        Timeframe.fromCode(p.string("timeframe", "1d", TIMEFRAME, "one of 1d, 1h, 1m"));
    double capital = p.number("initial_capital", 10_000, 0, 1e12);
    double commission = p.number("commission", 0.001, -1e-12, 0.05);
    double slippage = p.number("slippage", 0.0005, -1e-12, 0.05);
    ParameterReader params = p.object("params").allowOnly(SMA_PARAMETERS);
    int fast = params.integer("fast_period", 10, 1, 9_999);
    int slow = params.integer("slow_period", 30, 2, 10_000);
    if (fast >= slow) {
      throw params.invalid("fast_period", "must be less than slow_period (" + slow + ")");
    }
    Spec spec =
        new Spec(
            strategy,
            symbol,
            start,
            end,
            timeframe,
            new BacktestSettings(capital, commission, slippage),
            fast,
            slow);
    if (spec.bars() > SyntheticMarket.MAX_BARS) {
      throw p.invalid(
          "end_date",
          "the range holds "
              + spec.bars()
              + " "
              + timeframe.code()
              + " bars; at most "
              + SyntheticMarket.MAX_BARS
              + " are allowed");
    }
    if (spec.bars() <= slow) {
      throw p.invalid(
          "start_date",
          "the range holds only "
              + spec.bars()
              + " bars; the slow average needs more than "
              + slow);
    }
    return spec;
  }

  @Override
  public JsonObject validate(JsonObject parameters) {
    return read(parameters).toJson();
  }

  @Override
  public JsonObject run(TaskContext context) {
    Spec spec = read(context.parameters());
    context.report("Generating market data for " + spec.symbol() + "...", 0);
    PriceSeries series =
        SyntheticMarket.generate(spec.symbol(), spec.startDate(), spec.endDate(), spec.timeframe());
    long days = ChronoUnit.DAYS.between(spec.startDate(), spec.endDate()) + 1;
    BacktestResult result =
        new SmaCrossover(spec.fastPeriod(), spec.slowPeriod())
            .run(
                series,
                spec.settings(),
                (done, total) -> {
                  long day = Math.min(days, done * days / Math.max(1, total) + 1);
                  context.report(
                      "Backtesting day " + day + " of " + days + "...",
                      (int) (done * 100 / Math.max(1, total)));
                });
    return toJson(spec, result);
  }

  static JsonObject toJson(Spec spec, BacktestResult result) {
    JsonArrayBuilder equity = Json.createArrayBuilder();
    for (double value : result.downsampledEquity(EQUITY_POINTS)) {
      equity.add(round(value, 2));
    }
    return Json.createObjectBuilder()
        .add("strategy", spec.strategy())
        .add("symbol", spec.symbol())
        .add("timeframe", spec.timeframe().code())
        .add("start_date", spec.startDate().toString())
        .add("end_date", spec.endDate().toString())
        .add("bars", result.bars())
        .add("initial_capital", result.initialCapital())
        .add("final_equity", round(result.finalEquity(), 2))
        .add("total_return", round(result.totalReturn(), 6))
        .add("sharpe_ratio", round(result.sharpeRatio(), 4))
        .add("max_drawdown", round(result.maxDrawdown(), 6))
        .add("trade_count", result.tradeCount())
        .add("winning_trades", result.winningTrades())
        .add("equity_curve", equity)
        .build();
  }

  private static double round(double value, int places) {
    if (!Double.isFinite(value)) {
      return 0;
    }
    double scale = Math.pow(10, places);
    return Math.round(value * scale) / scale;
  }
}
