package io.tasklane.sweeps;

import io.tasklane.engines.BacktestHandler;
import io.tasklane.engines.StrategySpec;
import io.tasklane.system.ProblemException;
import io.tasklane.tasks.ParameterReader;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A sweep as submitted, checked and with defaults filled in: the strategy, the series (every symbol
 * in every timeframe), what every run shares (dates, costs, data), the grid or random search, the
 * constraints, the ranking and the walk-forward split. Stored as {@link #toJson()} and read back by
 * each chunk, which expands the same combinations in the same order.
 *
 * <p>Combination {@code i} is parameter set {@code i % P} on series {@code i / P}, {@code P} being
 * the number of parameter sets; series {@code s} is symbol {@code s / T} in timeframe {@code s %
 * T}.
 */
record SweepPlan(
    String strategy,
    List<String> symbols,
    List<String> timeframes,
    JsonObject shared,
    ParameterGrid grid,
    List<Constraint> constraints,
    ParameterGrid.RandomSearch search,
    Metric rankBy,
    int priority,
    WalkForward walkForward,
    Double chunkCores,
    List<Map<String, BigDecimal>> parameterSets) {

  /**
   * Out-of-sample validation: either fixed windows or a number of folds.
   *
   * @param trainBars in-sample bars per fold, or 0 with {@code folds}
   * @param testBars out-of-sample bars per fold, or 0 with {@code folds}
   * @param folds number of folds (in-sample three times out-of-sample), or 0 with the windows
   */
  record WalkForward(int trainBars, int testBars, int folds) {
    JsonObject toJson() {
      return folds > 0
          ? JSON.createObjectBuilder().add("folds", folds).build()
          : JSON.createObjectBuilder()
              .add("train_bars", trainBars)
              .add("test_bars", testBars)
              .build();
    }
  }

  /**
   * Looked up once: {@code Json.createObjectBuilder()} searches for a provider on every call, which
   * costs more than a backtest when done per combination.
   */
  static final JsonProvider JSON = JsonProvider.provider();

  private static final Set<String> FIELDS =
      Set.of(
          "strategy",
          "symbols",
          "timeframes",
          "start_date",
          "end_date",
          "grid",
          "search",
          "constraints",
          "initial_capital",
          "commission",
          "slippage",
          "periods_per_year",
          "data",
          "allow_partial",
          "rank_by",
          "priority",
          "walk_forward",
          "estimated_cpu_cores");

  /** What every backtest of the sweep shares, passed to the backtest engine as is. */
  private static final List<String> SHARED =
      List.of(
          "start_date",
          "end_date",
          "initial_capital",
          "commission",
          "slippage",
          "periods_per_year",
          "data",
          "allow_partial");

  private static final Pattern TIMEFRAME = Pattern.compile("1d|1h|1m");
  static final int MAX_SERIES = 50;
  static final int MAX_AXIS_VALUES = 100_000;
  static final int MAX_FOLDS = 50;

  int seriesCount() {
    return symbols.size() * timeframes.size();
  }

  int combinations() {
    return seriesCount() * parameterSets.size();
  }

  String symbol(int series) {
    return symbols.get(series / timeframes.size());
  }

  String timeframe(int series) {
    return timeframes.get(series % timeframes.size());
  }

  /** The backtest parameters of a series, the strategy's parameters left out. */
  JsonObject seriesParameters(int series) {
    JsonObjectBuilder json = JSON.createObjectBuilder(shared);
    return json.add("strategy", strategy)
        .add("symbol", symbol(series))
        .add("timeframe", timeframe(series))
        .build();
  }

  /** The full parameters of a {@code backtest} task that runs combination {@code index}. */
  JsonObject backtestParameters(int index) {
    int sets = parameterSets.size();
    return JSON.createObjectBuilder(seriesParameters(index / sets))
        .add("params", params(parameterSets.get(index % sets)))
        .build();
  }

  static JsonObject params(Map<String, BigDecimal> set) {
    JsonObjectBuilder json = JSON.createObjectBuilder();
    set.forEach(json::add);
    return json.build();
  }

  /**
   * Reads and checks a sweep; the data is not looked at (see {@link SweepSubmission}).
   *
   * @throws ProblemException.InvalidInput naming what is wrong
   */
  static SweepPlan read(JsonObject body, int cap) {
    SweepPlan plan = parse(body, cap);
    plan.checkEveryParameterSet();
    return plan;
  }

  /** A stored sweep, read back as it was checked when submitted. */
  static SweepPlan stored(JsonObject definition) {
    return parse(definition, Integer.MAX_VALUE);
  }

  private static SweepPlan parse(JsonObject body, int cap) {
    ParameterReader p = new ParameterReader(body, "sweep").allowOnly(FIELDS);
    String given =
        p.string(
            "strategy",
            StrategySpec.SMA_CROSSOVER,
            Pattern.compile(".{1,64}"),
            "one of sma_crossover, rsi_mean_reversion, momentum");
    // The canonical name and the defaults of every parameter, as a backtest would fill them in.
    StrategySpec defaults =
        StrategySpec.read(
            ParameterReader.of(JSON.createObjectBuilder().add("strategy", given).build()));
    if (defaults.name().equals(StrategySpec.ML_PREDICTIVE)) {
      throw p.invalid(
          "strategy",
          "ml_predictive cannot be swept; sweep sma_crossover, rsi_mean_reversion or momentum");
    }
    List<String> symbols =
        strings(body, "symbols", BacktestHandler.SYMBOL, "symbols like BTC_USDT", null).stream()
            .map(s -> s.toUpperCase(java.util.Locale.ROOT))
            .distinct()
            .toList();
    List<String> timeframes = strings(body, "timeframes", TIMEFRAME, "1d, 1h or 1m", "1d");
    if (symbols.size() * timeframes.size() > MAX_SERIES) {
      throw p.invalid("symbols", "at most " + MAX_SERIES + " symbol and timeframe pairs per sweep");
    }
    JsonObjectBuilder shared = JSON.createObjectBuilder();
    for (String field : SHARED) {
      if (body.containsKey(field) && body.get(field).getValueType() != JsonValue.ValueType.NULL) {
        shared.add(field, body.get(field));
      }
    }
    Map<String, BigDecimal> fixed = new LinkedHashMap<>();
    defaults
        .params()
        .forEach((name, value) -> fixed.put(name, ((JsonNumber) value).bigDecimalValue()));
    Map<String, List<BigDecimal>> axes = axes(p, body, fixed.keySet(), defaults.name());
    axes.keySet().forEach(fixed::remove);
    ParameterGrid grid = new ParameterGrid(axes, fixed);
    Set<String> names = new TreeSet<>(defaults.params().keySet());
    List<Constraint> constraints = new ArrayList<>();
    JsonValue listed = body.get("constraints");
    if (listed != null && listed.getValueType() != JsonValue.ValueType.NULL) {
      if (listed instanceof JsonString one) {
        constraints.add(Constraint.parse(one.getString(), names, "sweep.constraints"));
      } else if (listed instanceof JsonArray many && many.size() <= 20) {
        for (int i = 0; i < many.size(); i++) {
          if (!(many.get(i) instanceof JsonString text)) {
            throw p.invalid(
                "constraints[" + i + "]", "must be a string like 'fast_period < slow_period'");
          }
          constraints.add(
              Constraint.parse(text.getString(), names, "sweep.constraints[" + i + "]"));
        }
      } else {
        throw p.invalid("constraints", "must be a list of at most 20 comparisons");
      }
    }
    ParameterGrid.RandomSearch search = null;
    if (body.containsKey("search")
        && body.get("search").getValueType() != JsonValue.ValueType.NULL) {
      ParameterReader s = p.object("search").allowOnly(Set.of("random", "seed"));
      search =
          new ParameterGrid.RandomSearch(
              s.integer("random", 0, 1, cap),
              s.integer("seed", 0, Integer.MIN_VALUE, Integer.MAX_VALUE));
      if (search.count() == 0) {
        throw s.invalid("random", "is required: how many combinations to draw");
      }
    }
    Metric rankBy =
        Metric.named(
            p.string("rank_by", "sharpe_ratio", Pattern.compile("[a-z_]{1,40}"), "a metric name"),
            "sweep.rank_by");
    if (!rankBy.isRunMetric()) {
      throw p.invalid(
          "rank_by",
          "must be a backtest metric; a walk-forward sweep ranks by its out-of-sample value");
    }
    int priority = p.integer("priority", 0, -1000, 1000);
    WalkForward walkForward = null;
    if (body.containsKey("walk_forward")
        && body.get("walk_forward").getValueType() != JsonValue.ValueType.NULL) {
      ParameterReader w =
          p.object("walk_forward").allowOnly(Set.of("train_bars", "test_bars", "folds"));
      int folds = w.integer("folds", 0, 1, MAX_FOLDS);
      int train = w.integer("train_bars", 0, 30, 10_000_000);
      int test = w.integer("test_bars", 0, 30, 10_000_000);
      if (folds == 0 && (train == 0 || test == 0)) {
        throw p.invalid("walk_forward", "needs train_bars and test_bars, or folds");
      }
      if (folds > 0 && (train > 0 || test > 0)) {
        throw p.invalid("walk_forward", "takes either folds or train_bars and test_bars, not both");
      }
      walkForward = new WalkForward(train, test, folds);
    }
    double cores = p.number("estimated_cpu_cores", Double.NaN, 0, 256);
    int seriesCount = symbols.size() * timeframes.size();
    List<Map<String, BigDecimal>> sets = grid.expand(constraints, search, seriesCount, cap);
    return new SweepPlan(
        defaults.name(),
        symbols,
        timeframes,
        shared.build(),
        grid,
        constraints,
        search,
        rankBy,
        priority,
        walkForward,
        Double.isNaN(cores) ? null : cores,
        sets);
  }

  /**
   * Each parameter set as a backtest would check it, once per timeframe (the warm-up must fit the
   * range's bars), so a combination never fails at run time for its parameters.
   */
  private void checkEveryParameterSet() {
    StrategySpec longestWarmup = null;
    for (Map<String, BigDecimal> set : parameterSets) {
      JsonObject params = params(set);
      StrategySpec spec;
      try {
        spec =
            StrategySpec.read(
                ParameterReader.of(
                    JSON.createObjectBuilder()
                        .add("strategy", strategy)
                        .add("params", params)
                        .build()));
      } catch (ProblemException refused) {
        throw refusal(params, refused);
      }
      if (longestWarmup == null || spec.warmupBars() > longestWarmup.warmupBars()) {
        longestWarmup = spec;
      }
    }
    for (int t = 0; t < timeframes.size(); t++) {
      try {
        BacktestHandler.check(
            JSON.createObjectBuilder(seriesParameters(t))
                .add("params", longestWarmup.params())
                .build());
      } catch (ProblemException refused) {
        throw refusal(longestWarmup.params(), refused);
      }
    }
  }

  private static ProblemException refusal(JsonObject params, ProblemException refused) {
    return new ProblemException.InvalidInput(
        "sweep: the combination "
            + params
            + " is refused: "
            + refused.getMessage().replaceFirst("^parameters\\.", "")
            + " Narrow the grid or add a constraint.");
  }

  private static Map<String, List<BigDecimal>> axes(
      ParameterReader p, JsonObject body, Set<String> known, String strategy) {
    JsonValue value = body.get("grid");
    if (!(value instanceof JsonObject grid) || grid.isEmpty()) {
      throw p.invalid(
          "grid",
          "is required: an object of parameter name to a list of values or {from, to, step}");
    }
    Map<String, List<BigDecimal>> axes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> axis : grid.entrySet()) {
      String path = "sweep.grid." + axis.getKey();
      if (!known.contains(axis.getKey())) {
        throw new ProblemException.InvalidInput(
            path
                + ": unknown parameter of "
                + strategy
                + "; known: "
                + String.join(", ", new TreeSet<>(known))
                + ".");
      }
      axes.put(axis.getKey(), values(axis.getValue(), path));
    }
    return axes;
  }

  private static List<BigDecimal> values(JsonValue value, String path) {
    Set<BigDecimal> values = new LinkedHashSet<>();
    if (value instanceof JsonArray list) {
      for (JsonValue item : list) {
        if (!(item instanceof JsonNumber number)) {
          throw new ProblemException.InvalidInput(path + ": every value must be a number.");
        }
        values.add(plain(number.bigDecimalValue()));
        if (values.size() > MAX_AXIS_VALUES) {
          break;
        }
      }
    } else if (value instanceof JsonObject range) {
      ParameterReader r = new ParameterReader(range, path).allowOnly(Set.of("from", "to", "step"));
      BigDecimal from = decimal(range, "from", path);
      BigDecimal to = decimal(range, "to", path);
      BigDecimal step = decimal(range, "step", path);
      if (step.signum() <= 0) {
        throw r.invalid("step", "must be greater than 0");
      }
      if (to.compareTo(from) < 0) {
        throw r.invalid("to", "must not be below from");
      }
      for (BigDecimal v = from;
          v.compareTo(to) <= 0 && values.size() <= MAX_AXIS_VALUES;
          v = v.add(step)) {
        values.add(plain(v));
      }
    } else {
      throw new ProblemException.InvalidInput(
          path + ": must be a list of values or {\"from\", \"to\", \"step\"}.");
    }
    if (values.isEmpty()) {
      throw new ProblemException.InvalidInput(path + ": the grid holds no value for it.");
    }
    if (values.size() > MAX_AXIS_VALUES) {
      throw new ProblemException.InvalidInput(
          path + ": more than " + MAX_AXIS_VALUES + " values for one parameter.");
    }
    return List.copyOf(values);
  }

  private static BigDecimal decimal(JsonObject range, String name, String path) {
    if (!(range.get(name) instanceof JsonNumber number)) {
      throw new ProblemException.InvalidInput(path + "." + name + ": is required (a number).");
    }
    return number.bigDecimalValue();
  }

  /** Whole numbers without a scale, so {@code 10.0} is the integer parameter {@code 10}. */
  static BigDecimal plain(BigDecimal v) {
    BigDecimal stripped = v.stripTrailingZeros();
    return stripped.scale() <= 0 ? stripped.setScale(0) : stripped;
  }

  private static List<String> strings(
      JsonObject body, String name, Pattern pattern, String expectation, String defaultValue) {
    JsonValue value = body.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      if (defaultValue != null) {
        return List.of(defaultValue);
      }
      throw new ProblemException.InvalidInput(
          "sweep." + name + ": is required (" + expectation + ").");
    }
    if (!(value instanceof JsonArray list) || list.isEmpty() || list.size() > MAX_SERIES) {
      throw new ProblemException.InvalidInput(
          "sweep." + name + ": must be a list of 1 to " + MAX_SERIES + " " + expectation + ".");
    }
    List<String> out = new ArrayList<>();
    for (JsonValue item : list) {
      if (!(item instanceof JsonString text) || !pattern.matcher(text.getString()).matches()) {
        throw new ProblemException.InvalidInput(
            "sweep." + name + ": must hold " + expectation + ".");
      }
      if (!out.contains(text.getString())) {
        out.add(text.getString());
      }
    }
    return out;
  }

  /** The sweep as stored: what {@link #read} reads back to the same plan. */
  JsonObject toJson() {
    JsonObjectBuilder json = JSON.createObjectBuilder(shared).add("strategy", strategy);
    JsonArrayBuilder s = JSON.createArrayBuilder();
    symbols.forEach(s::add);
    JsonArrayBuilder t = JSON.createArrayBuilder();
    timeframes.forEach(t::add);
    JsonObjectBuilder g = JSON.createObjectBuilder();
    grid.axes()
        .forEach(
            (name, values) -> {
              JsonArrayBuilder v = JSON.createArrayBuilder();
              values.forEach(v::add);
              g.add(name, v);
            });
    JsonArrayBuilder c = JSON.createArrayBuilder();
    constraints.forEach(constraint -> c.add(constraint.toString()));
    json.add("symbols", s).add("timeframes", t).add("grid", g).add("constraints", c);
    if (search != null) {
      json.add(
          "search",
          JSON.createObjectBuilder().add("random", search.count()).add("seed", search.seed()));
    }
    if (walkForward != null) {
      json.add("walk_forward", walkForward.toJson());
    }
    if (chunkCores != null) {
      json.add("estimated_cpu_cores", chunkCores);
    }
    return json.add("rank_by", rankBy.wireName()).add("priority", priority).build();
  }
}
