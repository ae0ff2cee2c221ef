package io.tasklane.quantconnect;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * One call to QuantConnect, its answer read the way QuantConnect means it: HTTP 200 with {@code
 * success: false} is a failure, told apart by its text into {@link QuantConnectFailure}s. Retrying
 * is the caller's business (a task retries within its own deadline, a sweep at its next run).
 */
@ApplicationScoped
public class QuantConnectClient {
  @Inject @ConfigProperties QuantConnectSettings settings;
  @Inject @ActiveEndpoint QuantConnectApi endpoint;
  @Inject QuantConnectAvailability availability;
  @Inject Clock clock;

  public void authenticate() {
    call("authenticate", api -> api.authenticate(JsonValue.EMPTY_JSON_OBJECT));
  }

  /** Starts a build of the project and returns its compile id. */
  public String createCompile(long projectId) {
    JsonObject answer = call("compile/create", api -> api.createCompile(body(projectId).build()));
    return answer.getString("compileId");
  }

  /** {@code InQueue}, {@code BuildSuccess} or {@code BuildError}, with the compiler's logs. */
  public CompileState readCompile(long projectId, String compileId) {
    JsonObject answer =
        call(
            "compile/read",
            api -> api.readCompile(body(projectId).add("compileId", compileId).build()));
    return new CompileState(answer.getString("state", "InQueue"), strings(answer, "logs"));
  }

  public record CompileState(String state, List<String> logs) {
    public boolean succeeded() {
      return "BuildSuccess".equals(state);
    }

    public boolean failed() {
      return "BuildError".equals(state);
    }
  }

  /** Launches a backtest: this is the call that fails with "no spare nodes". */
  public QuantConnectBacktest createBacktest(
      long projectId, String compileId, String name, Map<String, JsonValue> parameters) {
    JsonObjectBuilder body = body(projectId).add("compileId", compileId).add("backtestName", name);
    if (!parameters.isEmpty()) {
      JsonObjectBuilder values = Json.createObjectBuilder();
      parameters.forEach(values::add);
      body.add("parameters", values);
    }
    JsonObject request = body.build();
    return QuantConnectBacktest.of(
        call("backtests/create", api -> api.createBacktest(request)).getJsonObject("backtest"));
  }

  public QuantConnectBacktest readBacktest(long projectId, String backtestId) {
    JsonObject answer =
        call(
            "backtests/read",
            api -> api.readBacktest(body(projectId).add("backtestId", backtestId).build()));
    return QuantConnectBacktest.of(answer.getJsonObject("backtest"));
  }

  /**
   * The project's backtests (the docs call the array {@code backtest}, Lean's client {@code
   * backtests}).
   */
  public List<QuantConnectBacktest> listBacktests(long projectId) {
    JsonObject answer =
        call(
            "backtests/list",
            api -> api.listBacktests(body(projectId).add("includeStatistics", false).build()));
    JsonArray array =
        answer.containsKey("backtests")
            ? answer.getJsonArray("backtests")
            : answer.containsKey("backtest") ? answer.getJsonArray("backtest") : null;
    List<QuantConnectBacktest> backtests = new ArrayList<>();
    if (array != null) {
      for (JsonValue value : array) {
        backtests.add(QuantConnectBacktest.of(value.asJsonObject()));
      }
    }
    return backtests;
  }

  /** The only way to stop a running backtest: QuantConnect has no stop call. */
  public void deleteBacktest(long projectId, String backtestId) {
    call(
        "backtests/delete",
        api -> api.deleteBacktest(body(projectId).add("backtestId", backtestId).build()));
  }

  /** Backtest nodes of the organization as {@code projects/nodes/read} reports them. */
  public NodeReport readNodes(long projectId) {
    JsonObject answer = call("projects/nodes/read", api -> api.readNodes(body(projectId).build()));
    JsonObject nodes = answer.getJsonObject("nodes");
    int total = 0;
    int busy = 0;
    if (nodes != null && nodes.get("backtest") instanceof JsonArray backtest) {
      for (JsonValue node : backtest) {
        total++;
        if (node.asJsonObject().getBoolean("busy", false)) {
          busy++;
        }
      }
    }
    return new NodeReport(total, busy);
  }

  public record NodeReport(int total, int busy) {
    public int idle() {
      return Math.max(0, total - busy);
    }
  }

  private JsonObject call(String endpoint, Function<QuantConnectApi, JsonObject> call) {
    try {
      JsonObject answer = answer(endpoint, call);
      availability.answered();
      return answer;
    } catch (QuantConnectFailure.Unavailable e) {
      availability.unavailable(e.getMessage());
      throw e;
    } catch (QuantConnectFailure.BadCredentials e) {
      availability.credentialsRejected(e.getMessage());
      throw e;
    } catch (QuantConnectFailure e) {
      // Refused or no spare nodes: QuantConnect answered.
      availability.answered();
      throw e;
    }
  }

  private JsonObject answer(String endpoint, Function<QuantConnectApi, JsonObject> call) {
    JsonObject answer;
    try {
      answer = call.apply(api());
    } catch (WebApplicationException e) {
      int status = e.getResponse().getStatus();
      if (status == 401 || status == 403) {
        throw new QuantConnectFailure.BadCredentials(
            "QuantConnect rejected the credentials (HTTP " + status + ") on " + endpoint);
      }
      if (status >= 500 || status == 429 || status == 408) {
        throw new QuantConnectFailure.Unavailable("HTTP " + status + " to " + endpoint, e);
      }
      throw new QuantConnectFailure.Refused(
          "QuantConnect answered HTTP " + status + " to " + endpoint);
    } catch (ProcessingException e) {
      throw new QuantConnectFailure.Unavailable(
          "no answer to " + endpoint + ": " + rootMessage(e), e);
    }
    if (answer == null) {
      throw new QuantConnectFailure.Unavailable("empty answer to " + endpoint, null);
    }
    if (!answer.getBoolean("success", false)) {
      throw classify(endpoint, errorText(answer));
    }
    return answer;
  }

  static QuantConnectFailure classify(String endpoint, String error) {
    String lower = error.toLowerCase(Locale.ROOT);
    if (lower.contains("no spare nodes")) {
      return new QuantConnectFailure.NoSpareNodes(error);
    }
    if (lower.startsWith("hash doesn't match") || lower.contains("userid not valid")) {
      return new QuantConnectFailure.BadCredentials(
          "QuantConnect rejected the credentials: " + error);
    }
    return new QuantConnectFailure.Refused(endpoint + ": " + error);
  }

  /** lean-cli reads {@code errors}, then {@code messages}, then {@code Message}. */
  static String errorText(JsonObject answer) {
    List<String> errors = strings(answer, "errors");
    if (errors.isEmpty()) {
      errors = strings(answer, "messages");
    }
    if (errors.isEmpty() && answer.get("Message") instanceof JsonString message) {
      errors = List.of(message.getString());
    }
    return errors.isEmpty() ? "request failed without a reason" : String.join("; ", errors);
  }

  private static List<String> strings(JsonObject object, String key) {
    List<String> out = new ArrayList<>();
    if (object.get(key) instanceof JsonArray array) {
      for (JsonValue value : array) {
        out.add(value instanceof JsonString s ? s.getString() : value.toString());
      }
    }
    return out;
  }

  private static JsonObjectBuilder body(long projectId) {
    return Json.createObjectBuilder().add("projectId", projectId);
  }

  private QuantConnectApi api() {
    return endpoint;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
