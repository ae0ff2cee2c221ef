package io.tasklane.quantconnect;

import io.tasklane.resources.ResourceEstimate;
import io.tasklane.system.ProblemException;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.ParameterReader;
import io.tasklane.tasks.TaskContext;
import io.tasklane.tasks.TaskHandler;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * {@code qc_backtest}: a QuantConnect cloud backtest of one of the account's projects. It runs on
 * QuantConnect, so it needs no local cores or RAM, only one of the account's backtest nodes, which
 * the lane's admission has taken for it before it starts.
 */
@ApplicationScoped
public class QuantConnectBacktestHandler implements TaskHandler {
  private static final Set<String> PARAMETERS = Set.of("project_id", "backtest_name", "parameters");
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} _.,:()\\-]{1,100}");
  private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]{0,63}");
  private static final int MAX_STRATEGY_PARAMETERS = 50;

  @Inject QuantConnectClient client;
  @Inject NodeGate gate;
  @Inject QuantConnectRunStates states;
  @Inject @ConfigProperties QuantConnectSettings settings;
  @Inject QuantConnectAvailability availability;
  @Inject Clock clock;

  /** Reads that do not depend on each other go out together (the build's state, the nodes). */
  @Resource ManagedExecutorService executor;

  @Override
  public String taskType() {
    return "qc_backtest";
  }

  @Override
  public Lane lane() {
    return Lane.QUANTCONNECT;
  }

  @Override
  public ResourceEstimate defaultEstimate() {
    return new ResourceEstimate(0, 0);
  }

  /** The seed's two hours; QuantConnect itself ends a backtest after twelve. */
  @Override
  public Duration defaultTimeout() {
    return Duration.ofHours(2);
  }

  /** What a {@code qc_backtest} asks for, validated. */
  record Spec(long projectId, String backtestName, Map<String, JsonValue> strategyParameters) {}

  @Override
  public JsonObject validate(JsonObject parameters) {
    Spec spec = read(parameters);
    if (!settings.configured()) {
      throw new ProblemException.Conflict(settings.describeMode());
    }
    JsonObjectBuilder normalized = Json.createObjectBuilder().add("project_id", spec.projectId());
    if (spec.backtestName() != null) {
      normalized.add("backtest_name", spec.backtestName());
    }
    JsonObjectBuilder strategy = Json.createObjectBuilder();
    spec.strategyParameters().forEach(strategy::add);
    return normalized.add("parameters", strategy).build();
  }

  static Spec read(JsonObject parameters) {
    ParameterReader p = ParameterReader.of(parameters).allowOnly(PARAMETERS);
    JsonValue project = parameters.get("project_id");
    if (project == null || project.getValueType() == JsonValue.ValueType.NULL) {
      throw p.invalid("project_id", "is required: the id of a QuantConnect project");
    }
    if (!(project instanceof JsonNumber number)
        || !number.isIntegral()
        || number.bigDecimalValue().signum() <= 0
        || number.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw p.invalid("project_id", "must be a positive whole number, not " + project);
    }
    JsonValue givenName = parameters.get("backtest_name");
    String name =
        givenName == null || givenName.getValueType() == JsonValue.ValueType.NULL
            ? null
            : p.string("backtest_name", null, NAME, "1 to 100 letters, digits, spaces or _.,:()-");
    Map<String, JsonValue> strategy = new LinkedHashMap<>();
    JsonValue given = parameters.get("parameters");
    if (given != null && given.getValueType() != JsonValue.ValueType.NULL) {
      if (!(given instanceof JsonObject object)) {
        throw p.invalid("parameters", "must be an object of names to strings or numbers");
      }
      if (object.size() > MAX_STRATEGY_PARAMETERS) {
        throw p.invalid("parameters", "may hold at most " + MAX_STRATEGY_PARAMETERS + " values");
      }
      for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
        if (!PARAMETER_NAME.matcher(entry.getKey()).matches()) {
          throw p.invalid("parameters", "has an invalid name: " + entry.getKey());
        }
        JsonValue.ValueType type = entry.getValue().getValueType();
        if (type != JsonValue.ValueType.STRING && type != JsonValue.ValueType.NUMBER) {
          throw p.invalid("parameters." + entry.getKey(), "must be a string or a number");
        }
        strategy.put(entry.getKey(), entry.getValue());
      }
    }
    return new Spec(number.longValueExact(), name, strategy);
  }

  @Override
  public JsonObject run(TaskContext context) {
    return new QuantConnectBacktestRun(
            context,
            read(context.parameters()),
            client,
            gate,
            states,
            settings,
            availability,
            executor,
            clock)
        .run();
  }
}
