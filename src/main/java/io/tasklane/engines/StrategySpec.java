package io.tasklane.engines;

import io.tasklane.tasks.ParameterReader;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strategy's name and its {@code params}, validated with defaults filled in. The seed's names
 * ({@code MLPredictive}, {@code SMACrossover}, {@code RSI}, ...) are accepted as aliases, because
 * clients of the old system send them.
 */
public record StrategySpec(String name, JsonObject params) {
  public static final String SMA_CROSSOVER = "sma_crossover";
  public static final String RSI_MEAN_REVERSION = "rsi_mean_reversion";
  public static final String MOMENTUM = "momentum";
  public static final String ML_PREDICTIVE = "ml_predictive";
  public static final String NAMES =
      String.join(", ", SMA_CROSSOVER, RSI_MEAN_REVERSION, MOMENTUM, ML_PREDICTIVE);

  private static final Pattern NAME_TEXT = Pattern.compile(".{1,64}");
  private static final Pattern NOT_A_LETTER = Pattern.compile("[^a-z]");

  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /**
   * Bars the strategy needs before its first decision, used to refuse ranges that are too short.
   */
  public int warmupBars() {
    return switch (name) {
      case SMA_CROSSOVER -> params.getInt("slow_period");
      case RSI_MEAN_REVERSION -> params.getInt("period");
      case MOMENTUM -> params.getInt("lookback");
      default -> FeatureSet.WARMUP_BARS;
    };
  }

  /** The model the strategy asks for, or null for the latest; ml_predictive only. */
  public String modelId() {
    return params.containsKey("model_id") ? params.getString("model_id") : null;
  }

  /** Builds the rule; ml_predictive needs the model's probabilities for the series. */
  public Strategy strategy(double[] probabilityUp) {
    return switch (name) {
      case SMA_CROSSOVER ->
          new SmaCrossover(params.getInt("fast_period"), params.getInt("slow_period"));
      case RSI_MEAN_REVERSION ->
          new RsiMeanReversion(
              params.getInt("period"),
              params.getJsonNumber("oversold").doubleValue(),
              params.getJsonNumber("overbought").doubleValue());
      case MOMENTUM ->
          new Momentum(params.getInt("lookback"), params.getJsonNumber("threshold").doubleValue());
      default ->
          new PredictedDirection(
              probabilityUp,
              params.getJsonNumber("entry_threshold").doubleValue(),
              params.getJsonNumber("exit_threshold").doubleValue());
    };
  }

  /** Reads {@code strategy} and {@code params} of a task's parameters. */
  public static StrategySpec read(ParameterReader p) {
    String given = p.string("strategy", SMA_CROSSOVER, NAME_TEXT, "one of: " + NAMES);
    String name = canonical(given);
    if (name == null) {
      throw p.invalid("strategy", "must be one of: " + NAMES + " (got '" + given + "')");
    }
    ParameterReader params = p.object("params");
    JsonObjectBuilder out = Json.createObjectBuilder();
    switch (name) {
      case SMA_CROSSOVER -> {
        params.allowOnly(Set.of("fast_period", "slow_period"));
        int fast = params.integer("fast_period", 10, 1, 9_999);
        int slow = params.integer("slow_period", 30, 2, 10_000);
        if (fast >= slow) {
          throw params.invalid("fast_period", "must be less than slow_period (" + slow + ")");
        }
        out.add("fast_period", fast).add("slow_period", slow);
      }
      case RSI_MEAN_REVERSION -> {
        params.allowOnly(Set.of("period", "oversold", "overbought"));
        int period = params.integer("period", 14, 2, 1_000);
        double oversold = params.number("oversold", 30, 0, 100);
        double overbought = params.number("overbought", 70, 0, 99.999);
        if (oversold >= overbought) {
          throw params.invalid("oversold", "must be less than overbought (" + overbought + ")");
        }
        out.add("period", period).add("oversold", oversold).add("overbought", overbought);
      }
      case MOMENTUM -> {
        params.allowOnly(Set.of("lookback", "threshold"));
        out.add("lookback", params.integer("lookback", 20, 1, 10_000))
            .add("threshold", params.number("threshold", 0, -1, 10));
      }
      default -> {
        params.allowOnly(Set.of("model_id", "entry_threshold", "exit_threshold"));
        String modelId = params.string("model_id", "", UUID_TEXT, "a model id (UUID)");
        if (!modelId.isEmpty()) {
          out.add("model_id", modelId.toLowerCase(Locale.ROOT));
        }
        double entry = params.number("entry_threshold", 0.55, 0, 0.999);
        double exit = params.number("exit_threshold", 0.5, 0, 0.999);
        if (exit > entry) {
          throw params.invalid(
              "exit_threshold", "must not be above entry_threshold (" + entry + ")");
        }
        out.add("entry_threshold", entry).add("exit_threshold", exit);
      }
    }
    return new StrategySpec(name, out.build());
  }

  static String canonical(String given) {
    String key = NOT_A_LETTER.matcher(given.toLowerCase(Locale.ROOT)).replaceAll("");
    return switch (key) {
      case "smacrossover", "macrossover", "macross", "smacross" -> SMA_CROSSOVER;
      case "rsimeanreversion", "rsi", "rsireversion" -> RSI_MEAN_REVERSION;
      case "momentum" -> MOMENTUM;
      case "mlpredictive", "ml", "predictive" -> ML_PREDICTIVE;
      default -> null;
    };
  }
}
