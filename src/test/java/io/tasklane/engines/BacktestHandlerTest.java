package io.tasklane.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.system.JsonText;
import io.tasklane.system.ProblemException;
import io.tasklane.tasks.ResultSummary;
import io.tasklane.tasks.TaskContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BacktestHandlerTest {
  private final BacktestHandler handler = handler(EVERYTHING_STORED);

  /** A server whose database holds every series over two centuries (the synthetic market's). */
  static final BarSource EVERYTHING_STORED =
      new BarSource() {
        @Override
        public boolean isStored(String symbol, Timeframe timeframe) {
          return true;
        }

        @Override
        public java.util.Optional<StoredRange> storedRange(String symbol, Timeframe timeframe) {
          return java.util.Optional.of(
              new StoredRange(
                  symbol,
                  timeframe,
                  java.time.Instant.parse("1900-01-01T00:00:00Z"),
                  java.time.Instant.parse("2100-01-01T00:00:00Z")));
        }

        @Override
        public PriceSeries load(
            String symbol,
            Timeframe timeframe,
            java.time.LocalDate start,
            java.time.LocalDate endInclusive) {
          return SyntheticMarket.generate(symbol, start, endInclusive, timeframe);
        }
      };

  static BacktestHandler handler(BarSource bars) {
    BacktestHandler handler = new BacktestHandler();
    handler.bars = bars;
    return handler;
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
  }

  @Test
  void defaults_are_filled_in_on_validation() {
    JsonObject normalized =
        handler.validate(
            json("{'symbol':'btc_usdt','start_date':'2024-01-01','end_date':'2024-03-31'}"));
    assertEquals("sma_crossover", normalized.getString("strategy"));
    assertEquals("BTC_USDT", normalized.getString("symbol"));
    assertEquals("1d", normalized.getString("timeframe"));
    assertEquals(10_000, normalized.getJsonNumber("initial_capital").doubleValue());
    assertEquals(10, normalized.getJsonObject("params").getInt("fast_period"));
    assertEquals(30, normalized.getJsonObject("params").getInt("slow_period"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{'start_date':'2024-01-01','end_date':'2024-03-31'}|parameters.symbol: is required",
        "{'symbol':'BTC','start_date':'2024-01-01'}|parameters.end_date: is required",
        "{'symbol':'BTC','start_date':'2024-02-30','end_date':'2024-03-31'}|parameters.start_date: is not a valid date",
        "{'symbol':'BTC','start_date':'2024-03-01','end_date':'2024-01-31'}|parameters.end_date: must not be before start_date",
        "{'symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31','initial_capital':0}|parameters.initial_capital: must be greater than 0",
        "{'symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31','initial_capital':'lots'}|parameters.initial_capital: must be a number",
        "{'symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31','strategy':'turtle'}|parameters.strategy: must be one of: sma_crossover, rsi_mean_reversion, momentum, ml_predictive",
        "{'symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31','timeframe':'5m'}|parameters.timeframe: must be one of 1d, 1h, 1m",
        "{'symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31','sybmol':'X'}|parameters.sybmol: unknown parameter",
        "{'symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31','params':{'fast_period':30,'slow_period':10}}|parameters.params.fast_period: must be less than slow_period",
        "{'symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31','params':{'fast_period':2.5}}|parameters.params.fast_period: must be an integer",
        "{'symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31','params':[1]}|parameters.params: must be a JSON object",
        "{'symbol':'BTC','start_date':'2024-01-01','end_date':'2024-01-10'}|parameters.start_date: the range holds only 10 bars; the strategy needs more than 30",
        "{'symbol':'BTC','start_date':'1990-01-01','end_date':'2030-12-31','timeframe':'1m'}|parameters.end_date: the range holds",
        "{'symbol':'BT C','start_date':'2024-01-01','end_date':'2024-03-31'}|parameters.symbol: must be a symbol like BTC_USDT",
        "{'symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31','periods_per_year':0}|parameters.periods_per_year: must be greater than 0",
        "{'symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31','periods_per_year':-252}|parameters.periods_per_year: must be greater than 0",
        "{'symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31','periods_per_year':'daily'}|parameters.periods_per_year: must be a number",
      })
  void invalid_parameters_are_refused_with_a_precise_message(String parameters, String expected) {
    ProblemException e =
        assertThrows(ProblemException.InvalidInput.class, () -> handler.validate(json(parameters)));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().startsWith(expected), () -> "got: " + e.getMessage());
  }

  @Test
  void a_run_reports_progress_in_days_and_returns_real_figures() throws Exception {
    List<String> descriptions = new ArrayList<>();
    JsonObject parameters =
        handler.validate(
            json(
                "{'symbol':'ETH_USDT','data':'synthetic','start_date':'2023-01-01','end_date':'2024-12-31','timeframe':'1h'}"));
    TaskContext context =
        new TaskContext(
            UUID.randomUUID(),
            "alice",
            parameters,
            1,
            (d, p) -> descriptions.add(d),
            Duration.ZERO);

    JsonObject result = handler.run(context);

    assertEquals(731 * 24, result.getJsonNumber("bars").longValue());
    assertTrue(result.getInt("trade_count") > 0);
    assertTrue(result.getJsonNumber("max_drawdown").doubleValue() > 0);
    assertTrue(result.getJsonArray("equity_curve").size() <= 500);
    assertEquals("Generating market data for ETH_USDT...", descriptions.get(0));
    assertTrue(
        descriptions.stream().anyMatch(d -> d.matches("Backtesting day \\d+ of 731\\.\\.\\.")),
        descriptions::toString);
  }

  @Test
  void a_runs_live_summary_is_the_same_from_the_result_as_built_as_from_its_stored_text()
      throws Exception {
    JsonObject parameters =
        handler.validate(
            json("{'symbol':'BTC_USDT','start_date':'2024-01-01','end_date':'2024-12-31'}"));
    JsonObject result =
        handler.run(new TaskContext(UUID.randomUUID(), "a", parameters, 1, (d, p) -> {}));

    JsonObject fromBuilt = ResultSummary.of(result);
    assertEquals(ResultSummary.of(JsonText.of(result)).toString(), fromBuilt.toString());
    assertTrue(fromBuilt.containsKey("total_return"));
    assertTrue(fromBuilt.containsKey("trade_count"));
    assertFalse(fromBuilt.containsKey("equity_curve"));
    assertFalse(fromBuilt.containsKey("benchmark"));
  }

  @Test
  void the_results_point_arrays_are_the_text_json_p_writes_for_the_same_points() throws Exception {
    JsonObject parameters =
        handler.validate(
            json(
                "{'symbol':'ETH_USDT','data':'synthetic','start_date':'2023-01-01','end_date':'2023-03-31','timeframe':'1h'}"));
    JsonObject result =
        handler.run(new TaskContext(UUID.randomUUID(), "a", parameters, 1, (d, p) -> {}));
    JsonObject stored =
        jakarta.json.Json.createReader(new java.io.StringReader(JsonText.of(result))).readObject();

    // Rebuilt with JSON-P's own builders from the stored points, as the result was built before.
    jakarta.json.JsonArrayBuilder equity = jakarta.json.Json.createArrayBuilder();
    jakarta.json.JsonArrayBuilder preview = jakarta.json.Json.createArrayBuilder();
    for (jakarta.json.JsonValue point : stored.getJsonArray("equity_preview")) {
      jakarta.json.JsonArray pair = point.asJsonArray();
      double value = pair.getJsonNumber(1).doubleValue();
      equity.add(value);
      preview.add(jakarta.json.Json.createArrayBuilder().add(pair.getString(0)).add(value));
    }
    String expectedEquity = equity.build().toString();

    assertTrue(stored.getJsonArray("equity_curve").size() > 400);
    assertEquals(expectedEquity, result.getJsonArray("equity_curve").toString());
    assertEquals(preview.build().toString(), result.getJsonArray("equity_preview").toString());
    assertEquals(
        stored.getJsonArray("equity_curve").size(), result.getJsonArray("drawdown_preview").size());
    assertEquals(
        stored.getJsonArray("benchmark_preview").toString(),
        result.getJsonArray("benchmark_preview").toString());
    assertEquals(JsonText.of(result), result.toString());
    assertTrue(
        JsonText.of(result).contains("\"equity_preview\":[[\"2023-01-01T00:00:00Z\",10000.0],"),
        () -> JsonText.of(result).substring(0, 200));
  }

  @Test
  void only_a_predictive_strategy_naming_a_model_has_its_model_checked_for_the_submitter() {
    List<String> checked = new ArrayList<>();
    handler.forecaster =
        new DirectionForecaster() {
          @Override
          public Forecast forecast(String modelId, PriceSeries series, String userId) {
            throw new AssertionError("not run");
          }

          @Override
          public void checkUsable(String modelId, String userId, boolean admin) {
            checked.add(modelId + " " + userId + " " + admin);
            throw new ProblemException.NotFound("No model " + modelId);
          }
        };
    String model = "0b6f3c1e-8a3b-4d7e-9a51-3f1f2a4c5d6e";
    JsonObject predictive =
        handler.validate(
            json(
                "{'strategy':'ml_predictive','symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31','params':{'model_id':'"
                    + model
                    + "'}}"));
    JsonObject crossover =
        handler.validate(
            json("{'symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31'}"));
    JsonObject latestModel =
        handler.validate(
            json(
                "{'strategy':'ml_predictive','symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31'}"));

    handler.checkAccess(crossover, "bob", false);
    handler.checkAccess(latestModel, "bob", false);
    assertThrows(
        ProblemException.NotFound.class, () -> handler.checkAccess(predictive, "bob", false));
    assertEquals(List.of(model + " bob false"), checked);
  }

  @Test
  void the_same_parameters_give_the_same_result() throws Exception {
    JsonObject parameters =
        handler.validate(
            json("{'symbol':'BTC_USDT','start_date':'2020-01-01','end_date':'2024-12-31'}"));
    JsonObject first =
        handler.run(new TaskContext(UUID.randomUUID(), "a", parameters, 1, (d, p) -> {}));
    JsonObject second =
        handler.run(new TaskContext(UUID.randomUUID(), "b", parameters, 1, (d, p) -> {}));
    assertEquals(first, second);
  }

  @Test
  void a_stopped_context_ends_the_run_with_a_cancellation() {
    JsonObject parameters =
        handler.validate(
            json("{'symbol':'BTC_USDT','start_date':'2020-01-01','end_date':'2024-12-31'}"));
    TaskContext context = new TaskContext(UUID.randomUUID(), "a", parameters, 1, (d, p) -> {});
    context.stop("cancelled");
    assertThrows(CancellationException.class, () -> handler.run(context));
  }

  @Test
  void each_strategy_gets_its_own_params_with_defaults_and_seed_names_are_accepted() {
    JsonObject rsi =
        handler.validate(
            json(
                "{'strategy':'RSI','symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31'}"));
    assertEquals("rsi_mean_reversion", rsi.getString("strategy"));
    assertEquals(
        json("{'period':14,'oversold':30.0,'overbought':70.0}"), rsi.getJsonObject("params"));

    JsonObject momentum =
        handler.validate(
            json(
                "{'strategy':'momentum','symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31','params':{'lookback':5}}"));
    assertEquals(json("{'lookback':5,'threshold':0.0}"), momentum.getJsonObject("params"));

    JsonObject ml =
        handler.validate(
            json(
                "{'strategy':'MLPredictive','symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31'}"));
    assertEquals("ml_predictive", ml.getString("strategy"));
    assertEquals(json("{'entry_threshold':0.55,'exit_threshold':0.5}"), ml.getJsonObject("params"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{'strategy':'momentum','symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31','params':{'fast_period':5}}|parameters.params.fast_period: unknown parameter; allowed: lookback, threshold",
        "{'strategy':'rsi_mean_reversion','symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31','params':{'oversold':80}}|parameters.params.oversold: must be less than overbought",
        "{'strategy':'ml_predictive','symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31','params':{'model_id':'latest'}}|parameters.params.model_id: must be a model id (UUID)",
        "{'strategy':'ml_predictive','symbol':'BTC','start_date':'2024-01-01','end_date':'2024-03-31','params':{'entry_threshold':0.5,'exit_threshold':0.6}}|parameters.params.exit_threshold: must not be above entry_threshold",
        "{'strategy':'momentum','symbol':'BTC','start_date':'2024-01-01','end_date':'2024-01-15','params':{'lookback':20}}|parameters.start_date: the range holds only 15 bars; the strategy needs more than 20",
      })
  void strategy_params_are_checked_per_strategy(String parameters, String expected) {
    ProblemException e =
        assertThrows(ProblemException.InvalidInput.class, () -> handler.validate(json(parameters)));
    assertTrue(e.getMessage().startsWith(expected), () -> "got: " + e.getMessage());
  }

  @Test
  void every_strategy_runs_on_synthetic_bars_with_the_full_set_of_figures() throws Exception {
    for (String strategy : new String[] {"sma_crossover", "rsi_mean_reversion", "momentum"}) {
      JsonObject parameters =
          handler.validate(
              json(
                  "{'strategy':'"
                      + strategy
                      + "','symbol':'SOL_USDT','data':'synthetic','start_date':'2020-01-01','end_date':'2024-12-31'}"));
      assertEquals("synthetic", parameters.getString("data"));
      JsonObject result =
          handler.run(new TaskContext(UUID.randomUUID(), "a", parameters, 1, (d, p) -> {}));
      assertEquals("synthetic", result.getString("data_source"));
      assertEquals(1827, result.getInt("bars"));
      assertTrue(result.getInt("trade_count") > 0, strategy);
      double exposure = result.getJsonNumber("exposure").doubleValue();
      assertTrue(exposure > 0 && exposure < 1, strategy + " exposure " + exposure);
      assertTrue(result.containsKey("cagr") && result.containsKey("sortino_ratio"));
    }
  }

  private JsonObject runBacktest(String parameters) {
    return handler.run(
        new TaskContext(
            UUID.randomUUID(), "a", handler.validate(json(parameters)), 1, (d, p) -> {}));
  }

  @Test
  void a_stock_like_symbol_is_annualised_over_252_days_and_a_crypto_pair_over_365() {
    JsonObject spy =
        runBacktest("{'symbol':'SPY','start_date':'2020-01-01','end_date':'2023-12-31'}");
    JsonObject bitcoin =
        runBacktest("{'symbol':'BTC_USDT','start_date':'2020-01-01','end_date':'2023-12-31'}");

    assertEquals(252, spy.getJsonNumber("periods_per_year").doubleValue());
    assertEquals("inferred", spy.getString("periods_per_year_source"));
    assertEquals(365, bitcoin.getJsonNumber("periods_per_year").doubleValue());
  }

  @Test
  void a_periods_per_year_parameter_overrides_the_inferred_calendar() {
    String range = "'symbol':'BTC_USDT','start_date':'2020-01-01','end_date':'2023-12-31'";
    JsonObject inferred = runBacktest("{" + range + "}");
    JsonObject overridden = runBacktest("{" + range + ",'periods_per_year':252}");

    assertEquals(252, overridden.getJsonNumber("periods_per_year").doubleValue());
    assertEquals("parameter", overridden.getString("periods_per_year_source"));
    // Sharpe scales with the root of the periods; CAGR depends on the calendar only.
    assertEquals(
        inferred.getJsonNumber("sharpe_ratio").doubleValue() * Math.sqrt(252.0 / 365),
        overridden.getJsonNumber("sharpe_ratio").doubleValue(),
        1e-3);
    assertEquals(inferred.get("cagr"), overridden.get("cagr"));
  }

  @Test
  void cagr_follows_from_the_first_and_last_bar_times() {
    JsonObject result =
        runBacktest("{'symbol':'SPY','start_date':'2020-01-01','end_date':'2023-12-31'}");

    double years =
        Annualisation.yearsBetween(
            java.time.Instant.parse(result.getString("first_bar")).getEpochSecond(),
            java.time.Instant.parse(result.getString("last_bar")).getEpochSecond());
    double growth = result.getJsonNumber("final_equity").doubleValue() / 10_000;
    assertEquals(Math.pow(growth, 1 / years) - 1, result.getJsonNumber("cagr").doubleValue(), 1e-5);
  }

  @Test
  void a_short_run_reports_its_period_return_and_null_annualised_figures() {
    JsonObject result =
        runBacktest(
            "{'strategy':'momentum','symbol':'BTC_USDT','start_date':'2024-01-01',"
                + "'end_date':'2024-01-20','params':{'lookback':3}}");

    assertEquals(20, result.getInt("bars"));
    double finalEquity = result.getJsonNumber("final_equity").doubleValue();
    assertEquals(
        finalEquity / 10_000 - 1, result.getJsonNumber("total_return").doubleValue(), 1e-6);
    for (String name :
        new String[] {"cagr", "annualised_volatility", "sharpe_ratio", "sortino_ratio"}) {
      assertTrue(result.isNull(name), name + " in " + result);
    }
    assertTrue(
        result.getJsonArray("notes").getString(0).contains("20 bars over 19 days"),
        result::toString);
  }

  @Test
  void win_rate_is_null_when_no_round_trip_closed() {
    // An impossible threshold: momentum never goes long, so nothing closes.
    JsonObject result =
        runBacktest(
            "{'strategy':'momentum','symbol':'BTC_USDT','start_date':'2024-01-01',"
                + "'end_date':'2024-06-30','params':{'threshold':10}}");

    assertEquals(0, result.getInt("closed_trades"));
    assertTrue(result.isNull("win_rate"), result::toString);
  }

  @Test
  void the_result_lists_the_last_thousand_trades_with_their_costs_and_counts_them_all() {
    JsonObject result =
        runBacktest(
            "{'strategy':'momentum','symbol':'BTC_USDT','start_date':'2024-01-01',"
                + "'end_date':'2024-06-30','timeframe':'1h','params':{'lookback':1}}");

    int total = result.getInt("trades_total");
    assertTrue(total > 1_000, "closed " + total);
    assertEquals(result.getInt("closed_trades"), total);
    var trades = result.getJsonArray("trades");
    assertEquals(1_000, trades.size());
    JsonObject last = trades.getJsonObject(999);
    for (String key :
        new String[] {
          "entry_time",
          "entry_price",
          "exit_time",
          "exit_price",
          "quantity",
          "pnl",
          "return",
          "bars_held",
          "costs"
        }) {
      assertTrue(last.containsKey(key), key + " in " + last);
    }
    assertTrue(last.getInt("bars_held") >= 1);
    assertTrue(
        last.getString("entry_time").compareTo(last.getString("exit_time")) < 0, last::toString);
    assertTrue(result.getJsonNumber("total_costs").doubleValue() > 0);
    assertTrue(result.getJsonNumber("turnover").doubleValue() > 2 * 1_000);
  }

  // --- where the bars come from (issue 21: a typo must not give invented results)

  /** A database holding AAPL and SPY daily bars of 2023-01-03 to 2024-12-31 only. */
  static final BarSource TWO_STOCKS =
      new BarSource() {
        @Override
        public boolean isStored(String symbol, Timeframe timeframe) {
          return storedRange(symbol, timeframe).isPresent();
        }

        @Override
        public java.util.Optional<StoredRange> storedRange(String symbol, Timeframe timeframe) {
          return storedSeries().stream()
              .filter(s -> s.symbol().equals(symbol) && s.timeframe() == timeframe)
              .findFirst();
        }

        @Override
        public List<StoredRange> storedSeries() {
          return List.of(
              new StoredRange(
                  "AAPL",
                  Timeframe.D1,
                  java.time.Instant.parse("2023-01-03T00:00:00Z"),
                  java.time.Instant.parse("2024-12-31T00:00:00Z")),
              new StoredRange(
                  "SPY",
                  Timeframe.D1,
                  java.time.Instant.parse("2023-01-03T00:00:00Z"),
                  java.time.Instant.parse("2024-12-31T00:00:00Z")));
        }

        @Override
        public PriceSeries load(
            String symbol,
            Timeframe timeframe,
            java.time.LocalDate start,
            java.time.LocalDate endInclusive) {
          java.time.LocalDate first = java.time.LocalDate.of(2023, 1, 3);
          java.time.LocalDate last = java.time.LocalDate.of(2024, 12, 31);
          return SyntheticMarket.generate(
              symbol,
              start.isBefore(first) ? first : start,
              endInclusive.isAfter(last) ? last : endInclusive,
              timeframe);
        }
      };

  @Test
  void a_symbol_without_stored_bars_is_refused_naming_the_closest_stored_ones() {
    ProblemException e =
        assertThrows(
            ProblemException.InvalidInput.class,
            () ->
                handler(TWO_STOCKS)
                    .validate(
                        json(
                            "{'symbol':'APPL','start_date':'2024-01-01','end_date':'2024-06-30'}")));
    assertTrue(e.getMessage().contains("no 1d bars of APPL are stored"), e.getMessage());
    assertTrue(e.getMessage().contains("closest stored: AAPL 1d, SPY 1d"), e.getMessage());
    assertTrue(e.getMessage().contains("\"data\": \"synthetic\""), e.getMessage());
  }

  @Test
  void synthetic_bars_are_used_only_when_asked_for_by_name() throws Exception {
    JsonObject parameters =
        handler(TWO_STOCKS)
            .validate(
                json(
                    "{'symbol':'APPL','data':'synthetic','start_date':'2024-01-01','end_date':'2024-06-30'}"));
    JsonObject result =
        handler(TWO_STOCKS)
            .run(new TaskContext(UUID.randomUUID(), "a", parameters, 1, (d, p) -> {}));
    assertEquals("synthetic", result.getString("data_source"));
    assertFalse(result.getBoolean("partial_range"));
  }

  @Test
  void a_range_the_stored_bars_cover_only_in_part_is_refused_stating_the_stored_range() {
    ProblemException e =
        assertThrows(
            ProblemException.InvalidInput.class,
            () ->
                handler(TWO_STOCKS)
                    .validate(
                        json(
                            "{'symbol':'AAPL','start_date':'2020-01-01','end_date':'2024-12-31'}")));
    assertTrue(
        e.getMessage()
            .contains("cover 2023-01-03 to 2024-12-31, not all of 2020-01-01 to 2024-12-31"),
        e.getMessage());
    assertTrue(e.getMessage().contains("\"allow_partial\": true"), e.getMessage());
  }

  @Test
  void a_partial_range_runs_on_the_covered_part_when_allowed_and_says_so() throws Exception {
    JsonObject parameters =
        handler(TWO_STOCKS)
            .validate(
                json(
                    "{'symbol':'AAPL','allow_partial':true,'start_date':'2020-01-01','end_date':'2024-12-31'}"));
    JsonObject result =
        handler(TWO_STOCKS)
            .run(new TaskContext(UUID.randomUUID(), "a", parameters, 1, (d, p) -> {}));
    assertEquals("stored", result.getString("data_source"));
    assertTrue(result.getBoolean("partial_range"));
    assertTrue(result.getString("first_bar").startsWith("2023-01-03"), result::toString);
    assertTrue(
        result.getJsonArray("notes").getString(0).startsWith("Only part of the range was run"),
        result::toString);
  }

  @Test
  void a_weekend_at_either_end_of_a_covered_range_is_not_a_gap() {
    // 2023-01-01 is a Sunday and 2023-01-02 a holiday: the first stored bar is the 3rd.
    JsonObject parameters =
        handler(TWO_STOCKS)
            .validate(json("{'symbol':'SPY','start_date':'2023-01-01','end_date':'2024-12-31'}"));
    assertFalse(parameters.containsKey("allow_partial"));
  }

  @Test
  void a_range_with_no_stored_bar_at_all_is_refused_even_when_partial_is_allowed() {
    ProblemException e =
        assertThrows(
            ProblemException.InvalidInput.class,
            () ->
                handler(TWO_STOCKS)
                    .validate(
                        json(
                            "{'symbol':'AAPL','allow_partial':true,'start_date':'2010-01-01','end_date':'2012-12-31'}")));
    assertTrue(e.getMessage().contains("none of 2010-01-01 to 2012-12-31"), e.getMessage());
  }

  @Test
  void data_must_be_stored_or_synthetic_and_allow_partial_a_boolean() {
    assertThrows(
        ProblemException.InvalidInput.class,
        () ->
            handler.validate(
                json(
                    "{'symbol':'SPY','data':'real','start_date':'2024-01-01','end_date':'2024-06-30'}")));
    assertThrows(
        ProblemException.InvalidInput.class,
        () ->
            handler.validate(
                json(
                    "{'symbol':'SPY','allow_partial':'yes','start_date':'2024-01-01','end_date':'2024-06-30'}")));
  }
}
