package io.tasklane.engines;

import io.tasklane.resources.ResourceEstimate;
import io.tasklane.system.JsonDouble;
import io.tasklane.system.JsonTextArray;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.ParameterReader;
import io.tasklane.tasks.TaskContext;
import io.tasklane.tasks.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The local {@code backtest} task: a strategy over a symbol's bars between two dates. Bars are the
 * stored ones when the symbol has any for the timeframe, else the deterministic synthetic market,
 * so the same parameters always give the same figures.
 */
@ApplicationScoped
public class BacktestHandler implements TaskHandler {
  private static final int EQUITY_POINTS = 500;

  /**
   * Looked up once: {@code Json.createArrayBuilder()} searches for a provider at every call, and a
   * result makes hundreds of builders.
   */
  private static final JsonProvider JSON = JsonProvider.provider();

  /** Closed trades a result lists inline, the most recent ones; {@code trades_total} counts all. */
  static final int INLINE_TRADES = 1_000;

  public static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_./-]{0,31}");
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
          "periods_per_year",
          "params",
          "data",
          "allow_partial");

  /** One-second bars around the clock make about 31.6 million a year; allow some room above. */
  private static final double MAX_PERIODS_PER_YEAR = 1e8;

  @Inject BarSource bars = BarSource.SYNTHETIC;
  @Inject DirectionForecaster forecaster;

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

  /**
   * A backtest's parameters after validation, defaults filled in.
   *
   * @param periodsPerYear bars per year to annualise with, or {@code null} to infer it from the
   *     bars
   */
  record Spec(
      StrategySpec strategy,
      String symbol,
      LocalDate startDate,
      LocalDate endDate,
      Timeframe timeframe,
      BacktestSettings settings,
      Double periodsPerYear,
      DataChoice data) {

    JsonObject toJson() {
      JsonObjectBuilder json = JSON.createObjectBuilder();
      if (periodsPerYear != null) {
        json.add("periods_per_year", periodsPerYear);
      }
      data.addTo(json);
      return json.add("strategy", strategy.name())
          .add("symbol", symbol)
          .add("start_date", startDate.toString())
          .add("end_date", endDate.toString())
          .add("timeframe", timeframe.code())
          .add("initial_capital", settings.initialCapital())
          .add("commission", settings.commissionRate())
          .add("slippage", settings.slippageRate())
          .add("params", strategy.params())
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
    StrategySpec strategy = StrategySpec.read(p);
    String symbol = symbol(p);
    LocalDate start = p.date("start_date");
    LocalDate end = p.date("end_date");
    if (end.isBefore(start)) {
      throw p.invalid("end_date", "must not be before start_date");
    }
    Timeframe timeframe = timeframe(p);
    double capital = p.number("initial_capital", 10_000, 0, 1e12);
    double commission = p.number("commission", 0.001, -1e-12, 0.05);
    double slippage = p.number("slippage", 0.0005, -1e-12, 0.05);
    double periodsPerYear = p.number("periods_per_year", Double.NaN, 0, MAX_PERIODS_PER_YEAR);
    DataChoice data = DataChoice.read(p);
    Spec spec =
        new Spec(
            strategy,
            symbol,
            start,
            end,
            timeframe,
            new BacktestSettings(capital, commission, slippage),
            Double.isNaN(periodsPerYear) ? null : periodsPerYear,
            data);
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
    int warmup = strategy.warmupBars();
    if (spec.bars() <= warmup) {
      throw p.invalid(
          "start_date",
          "the range holds only " + spec.bars() + " bars; the strategy needs more than " + warmup);
    }
    return spec;
  }

  /** The {@code symbol} parameter, upper-cased. Shared with the model task types. */
  public static String symbol(ParameterReader p) {
    return p.string("symbol", null, SYMBOL, "a symbol like BTC_USDT").toUpperCase(Locale.ROOT);
  }

  /** The {@code timeframe} parameter, 1d by default. Shared with the model task types. */
  public static Timeframe timeframe(ParameterReader p) {
    return Timeframe.fromCode(p.string("timeframe", "1d", TIMEFRAME, "one of 1d, 1h, 1m"));
  }

  @Override
  public JsonObject validate(JsonObject parameters) {
    Spec spec = read(parameters);
    spec.data().check(bars, spec.symbol(), spec.timeframe(), spec.startDate(), spec.endDate());
    return spec.toJson();
  }

  @Override
  public void checkAccess(JsonObject parameters, String userId, boolean admin) {
    // Only a predictive strategy names something of a user's (its model): the validated parameters
    // of the others are not read again (a batch of 250 read them 250 times more).
    if (!StrategySpec.ML_PREDICTIVE.equals(parameters.getString("strategy", null))) {
      return;
    }
    StrategySpec strategy = read(parameters).strategy();
    if (strategy.modelId() != null) {
      forecaster.checkUsable(strategy.modelId(), userId, admin);
    }
  }

  @Override
  public JsonObject run(TaskContext context) {
    Spec spec = read(context.parameters());
    // The series as read since the task was launched: the runs one admission pass launched share
    // the read.
    DataChoice.Coverage coverage = coverage(bars, spec, context.launchedNanos());
    context.report(
        (coverage.stored() ? "Loading market data for " : "Generating market data for ")
            + spec.symbol()
            + "...",
        0);
    PriceSeries series = load(spec, coverage);
    DirectionForecaster.Forecast forecast = null;
    if (spec.strategy().name().equals(StrategySpec.ML_PREDICTIVE)) {
      context.report("Predicting " + spec.symbol() + " with the stored model...", 0);
      forecast = forecaster.forecast(spec.strategy().modelId(), series, context.userId());
    }
    Strategy strategy =
        spec.strategy().strategy(forecast == null ? null : forecast.probabilityUp());
    context.checkCancelled();
    long[] time = series.epochSeconds();
    long days = (time[time.length - 1] - time[0]) / 86_400 + 1;
    BacktestResult result =
        strategy.run(
            series,
            spec.settings(),
            (done, total) -> {
              long day = Math.min(days, done * days / Math.max(1, total) + 1);
              context.report(
                  "Backtesting day " + day + " of " + days + "...",
                  (int) (done * 100 / Math.max(1, total)));
            });
    return toJson(spec, series, coverage, forecast, result);
  }

  /**
   * Checks backtest parameters as a submission would, except for the data (checked once per series
   * by {@link #validate}): a sweep checks every parameter set without querying the bars each time.
   */
  public static JsonObject check(JsonObject parameters) {
    return read(parameters).toJson();
  }

  /** The bars a backtest with these parameters runs on, loaded once for many parameter sets. */
  public ParameterSweep.Series series(JsonObject parameters) {
    Spec spec = read(parameters);
    PriceSeries series = load(spec, coverage(bars, spec));
    // Inferred once for all runs, as each run would infer it: the same bars give the same figure.
    return new ParameterSweep.Series(
        series,
        spec.settings(),
        spec.periodsPerYear() != null
            ? spec.periodsPerYear()
            : Annualisation.periodsPerYear(series.epochSeconds()));
  }

  /** The stored bars, or the synthetic market's when the task asked for them by name. */
  private PriceSeries load(Spec spec, DataChoice.Coverage coverage) {
    return coverage.stored()
        ? bars.load(coverage.range(), spec.startDate(), spec.endDate())
        : SyntheticMarket.generate(
            spec.symbol(), spec.startDate(), spec.endDate(), spec.timeframe());
  }

  /** Checked again at run time: the stored bars may have changed since the submission. */
  static DataChoice.Coverage coverage(BarSource bars, Spec spec) {
    return coverage(bars, spec, System.nanoTime());
  }

  private static DataChoice.Coverage coverage(BarSource bars, Spec spec, long readAfterNanos) {
    try {
      return spec.data()
          .check(
              bars,
              spec.symbol(),
              spec.timeframe(),
              spec.startDate(),
              spec.endDate(),
              readAfterNanos);
    } catch (io.tasklane.system.ProblemException e) {
      throw new io.tasklane.tasks.TaskFailure(e.getMessage());
    }
  }

  /**
   * Runs a backtest again from its stored parameters for its full series: the bars and the model
   * are looked up as at the first run, and the engine is deterministic, so the rows are the run's
   * own unless the data changed since (the caller compares the final equity).
   *
   * @param userId the task's owner, whose models an {@code ml_predictive} run may use
   * @throws IllegalArgumentException if the bars or the model are no longer there
   */
  public BacktestSeries replay(JsonObject parameters, String userId) {
    Spec spec = read(parameters);
    DataChoice.Coverage coverage;
    try {
      coverage =
          spec.data()
              .check(bars, spec.symbol(), spec.timeframe(), spec.startDate(), spec.endDate());
    } catch (io.tasklane.system.ProblemException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    PriceSeries series = load(spec, coverage);
    double[] probabilityUp = null;
    if (spec.strategy().name().equals(StrategySpec.ML_PREDICTIVE)) {
      probabilityUp =
          forecaster.forecast(spec.strategy().modelId(), series, userId).probabilityUp();
    }
    byte[] positions = spec.strategy().strategy(probabilityUp).positions(series);
    BacktestResult result = Backtester.run(series, positions, spec.settings(), null);
    return new BacktestSeries(series, positions, result, new BuyAndHold(series, spec.settings()));
  }

  static JsonObject toJson(
      Spec spec,
      PriceSeries series,
      DataChoice.Coverage coverage,
      DirectionForecaster.Forecast forecast,
      BacktestResult result) {
    // The four point arrays go straight to text (JsonTextArray): nothing reads them before the
    // result is stored, and as JSON-P trees they were a third of a tiny task's CPU (issue 25).
    JsonTextArray.Builder equity = JsonTextArray.builder();
    JsonTextArray.Builder preview = JsonTextArray.builder();
    BuyAndHold buyAndHold = new BuyAndHold(series, spec.settings());
    JsonTextArray.Builder benchmarkPreview = JsonTextArray.builder();
    JsonTextArray.Builder drawdownPreview = JsonTextArray.builder();
    // Drawdown from the running peak of every bar, not of the picked ones: a preview that skipped
    // the peak bar would otherwise show a shallower fall than max_drawdown says.
    double[] curve = result.equityCurve();
    double peak = Double.NEGATIVE_INFINITY;
    int next = 0;
    for (int bar : result.downsampledIndices(EQUITY_POINTS)) {
      for (; next <= bar; next++) {
        peak = Math.max(peak, curve[next]);
      }
      // JsonDouble: the same text as add(round(...)), printed from the rounded units.
      JsonDouble value = JsonDouble.rounded(curve[bar], 2);
      equity.add(value);
      preview.addPair(UtcText.of(result.barTimes()[bar]), value);
      benchmarkPreview.add(JsonDouble.rounded(buyAndHold.equity(bar), 2));
      drawdownPreview.add(JsonDouble.rounded(peak > 0 ? (peak - curve[bar]) / peak : 0, 6));
    }
    BacktestStatistics statistics = BacktestStatistics.of(result, spec.periodsPerYear());
    List<DrawdownPeriod> drawdowns = DrawdownPeriod.of(result.equityCurve());
    DrawdownPeriod deepest = DrawdownPeriod.deepest(drawdowns);
    DrawdownPeriod longest = DrawdownPeriod.longest(drawdowns, result.barTimes());
    JsonObjectBuilder json =
        JSON.createObjectBuilder()
            .add("strategy", spec.strategy().name())
            .add("params", spec.strategy().params())
            .add("symbol", spec.symbol())
            .add("timeframe", spec.timeframe().code())
            .add("start_date", spec.startDate().toString())
            .add("end_date", spec.endDate().toString())
            .add("data_source", coverage.source())
            .add("partial_range", coverage.partial())
            .add("first_bar", UtcText.of(series.epochSeconds()[0]))
            .add("last_bar", UtcText.of(series.epochSeconds()[series.size() - 1]))
            .add("bars", result.bars())
            .add("periods_per_year", round(statistics.periodsPerYear(), 4))
            .add(
                "periods_per_year_source", spec.periodsPerYear() == null ? "inferred" : "parameter")
            .add("initial_capital", result.initialCapital())
            .add("final_equity", round(result.finalEquity(), 2))
            .add("total_return", round(result.totalReturn(), 6));
    addOrNull(json, "cagr", statistics.cagr(), 6);
    addOrNull(json, "annualised_volatility", statistics.annualisedVolatility(), 6);
    addOrNull(json, "sharpe_ratio", statistics.sharpeRatio(), 4);
    addOrNull(json, "sortino_ratio", statistics.sortinoRatio(), 4);
    json.add("max_drawdown", round(result.maxDrawdown(), 6));
    addOrNull(json, "win_rate", result.winRate(), 6);
    json.add("exposure", round(result.exposure(), 6))
        .add("trade_count", result.tradeCount())
        .add("closed_trades", result.closedTrades())
        .add("winning_trades", result.winningTrades())
        .add("total_costs", round(result.totalCosts(), 6))
        .add("turnover", round(result.turnover(), 6))
        .add("max_drawdown_period", drawdown(deepest, result.barTimes()))
        .add("longest_drawdown", drawdown(longest, result.barTimes()))
        .add("benchmark", benchmark(Benchmark.of(buyAndHold, result, statistics)))
        .add("monthly_returns", monthlyReturns(result))
        .add("trades_total", result.closedTrades())
        .add("trades", trades(result.trades()));
    JsonArrayBuilder notes = JSON.createArrayBuilder();
    if (coverage.note() != null) {
      notes.add(coverage.note());
    }
    statistics.notes().forEach(notes::add);
    json.add("notes", notes);
    if (forecast != null) {
      json.add("model_id", forecast.modelId()).add("model_version", forecast.modelVersion());
    }
    return json.add("equity_curve", equity.build())
        .add("equity_preview", preview.build())
        .add("benchmark_preview", benchmarkPreview.build())
        .add("drawdown_preview", drawdownPreview.build())
        .build();
  }

  static JsonObject benchmark(Benchmark benchmark) {
    JsonObjectBuilder json =
        JSON.createObjectBuilder()
            .add("strategy", "buy_and_hold")
            .add("total_return", round(benchmark.totalReturn(), 6));
    addOrNull(json, "cagr", benchmark.cagr(), 6);
    json.add("max_drawdown", round(benchmark.maxDrawdown(), 6))
        .add("excess_return", round(benchmark.excessReturn(), 6));
    addOrNull(json, "alpha", benchmark.alpha(), 6);
    addOrNull(json, "beta", benchmark.beta(), 6);
    addOrNull(json, "correlation", benchmark.correlation(), 6);
    addOrNull(json, "information_ratio", benchmark.informationRatio(), 4);
    return json.build();
  }

  /** A drawdown's dates and size, or JSON null for a curve that never fell. */
  static JsonValue drawdown(DrawdownPeriod period, long[] barTimes) {
    if (period == null) {
      return JsonValue.NULL;
    }
    int lastBar = barTimes.length - 1;
    int end = period.peak() + period.bars(lastBar);
    return JSON.createObjectBuilder()
        .add("start", UtcText.of(barTimes[period.peak()]))
        .add("trough", UtcText.of(barTimes[period.trough()]))
        .add(
            "recovery",
            period.recovered()
                ? JSON.createValue(UtcText.of(barTimes[period.recovery()]))
                : JsonValue.NULL)
        .add("depth", round(period.depth(), 6))
        .add("duration_days", round((barTimes[end] - barTimes[period.peak()]) / 86_400.0, 4))
        .add("duration_bars", period.bars(lastBar))
        .build();
  }

  static JsonArrayBuilder monthlyReturns(BacktestResult result) {
    JsonArrayBuilder array = JSON.createArrayBuilder();
    for (MonthlyReturn month :
        MonthlyReturn.of(result.initialCapital(), result.barTimes(), result.equityCurve())) {
      array.add(
          JSON.createObjectBuilder()
              .add("month", month.month().toString())
              .add("return", round(month.returnOfMonth(), 6)));
    }
    return array;
  }

  /** The most recent {@link #INLINE_TRADES} closed round trips, oldest first. */
  static JsonArrayBuilder trades(List<Trade> trades) {
    JsonArrayBuilder array = JSON.createArrayBuilder();
    for (Trade trade : trades.subList(Math.max(0, trades.size() - INLINE_TRADES), trades.size())) {
      array.add(
          JSON.createObjectBuilder()
              .add("entry_time", UtcText.of(trade.entryEpochSecond()))
              .add("entry_price", trade.entryPrice())
              .add("exit_time", UtcText.of(trade.exitEpochSecond()))
              .add("exit_price", trade.exitPrice())
              .add("quantity", trade.units())
              .add("pnl", round(trade.profit(), 6))
              .add("return", round(trade.returnOnCash(), 8))
              .add("bars_held", trade.barsHeld())
              .add("costs", round(trade.costs(), 6)));
    }
    return array;
  }

  private static void addOrNull(JsonObjectBuilder json, String name, Double value, int places) {
    if (value == null || !Double.isFinite(value)) {
      json.addNull(name);
    } else {
      json.add(name, round(value, places));
    }
  }

  static double round(double value, int places) {
    if (!Double.isFinite(value)) {
      return 0;
    }
    double scale = Math.pow(10, places);
    return Math.round(value * scale) / scale;
  }
}
