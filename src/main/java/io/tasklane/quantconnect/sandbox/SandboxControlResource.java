package io.tasklane.quantconnect.sandbox;

import io.tasklane.quantconnect.QuantConnectSettings;
import io.tasklane.system.ProblemException;
import io.tasklane.system.Roles;
import io.tasklane.tasks.ParameterReader;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Admin control of the sandbox: see what it did, make nodes busy "outside Tasklane", inject faults
 * and build or runtime errors. Only there while the sandbox serves the lane or its HTTP face is on.
 */
@Path("/quantconnect-sandbox/control")
@RequestScoped
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class SandboxControlResource {
  private static final Set<String> FIELDS =
      Set.of(
          "nodes",
          "busy_elsewhere",
          "fail_next_requests",
          "compile_ms",
          "backtest_ms",
          "statistics_delay_reads",
          "build_errors",
          "runtime_errors",
          "reject_credentials",
          "nodes_read_lags",
          "slow_next_requests",
          "latency_ms",
          "backtest_jitter_ms",
          "lose_create_answers",
          "outage_seconds");

  @Inject QuantConnectSandbox sandbox;
  @Inject @ConfigProperties QuantConnectSettings settings;
  @Inject Clock clock;

  @Inject @ConfigProperties SandboxConfig config;

  @GET
  public JsonObject state() {
    requireSandbox();
    return Json.createObjectBuilder(sandbox.state())
        .add("behaviour", describe(sandbox.behaviour()))
        .build();
  }

  /** Changes the fields given; the others keep their values. */
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject behave(JsonObject changes) {
    requireSandbox();
    if (changes == null) {
      throw new ProblemException.InvalidInput("A JSON object of behaviour fields is required");
    }
    ParameterReader p = ParameterReader.of(changes).allowOnly(FIELDS);
    SandboxBehaviour now = sandbox.behaviour();
    SandboxBehaviour next =
        new SandboxBehaviour(
            p.integer("nodes", now.nodes(), 1, QuantConnectSettings.MAX_NODES),
            p.integer("busy_elsewhere", now.busyElsewhere(), 0, QuantConnectSettings.MAX_NODES),
            p.integer("fail_next_requests", now.failNextRequests(), 0, 1000),
            p.integer("compile_ms", (int) now.compileMs(), 0, 600_000),
            p.integer("backtest_ms", (int) now.backtestMs(), 0, 86_400_000),
            p.integer("statistics_delay_reads", now.statisticsDelayReads(), 0, 100),
            errors(changes, "build_errors", now.buildErrors()),
            errors(changes, "runtime_errors", now.runtimeErrors()),
            flag(changes, "reject_credentials", now.rejectCredentials()),
            flag(changes, "nodes_read_lags", now.nodesReadLags()),
            p.integer("slow_next_requests", now.slowNextRequests(), 0, 1_000_000),
            p.integer("latency_ms", (int) now.latencyMs(), 0, 600_000),
            p.integer("backtest_jitter_ms", (int) now.backtestJitterMs(), 0, 86_400_000),
            p.integer("lose_create_answers", now.loseCreateAnswers(), 0, 1000),
            changes.containsKey("outage_seconds")
                ? clock.instant().plusSeconds(p.integer("outage_seconds", 0, 0, 86_400))
                : now.outageUntil());
    sandbox.behave(next);
    return state();
  }

  @POST
  @Path("/reset")
  public JsonObject reset() {
    requireSandbox();
    sandbox.reset();
    return state();
  }

  private void requireSandbox() {
    if (!settings.sandbox() && !config.httpEnabled) {
      throw new NotFoundException("The QuantConnect sandbox is not in use: credentials are set");
    }
  }

  private static boolean flag(JsonObject changes, String field, boolean now) {
    JsonValue value = changes.get(field);
    if (value == null) {
      return now;
    }
    if (value.getValueType() != JsonValue.ValueType.TRUE
        && value.getValueType() != JsonValue.ValueType.FALSE) {
      throw new ProblemException.InvalidInput(field + " must be true or false");
    }
    return value == JsonValue.TRUE;
  }

  /** {@code {"<projectId>": "message"}}; replaces the whole map when given. */
  private static Map<Long, String> errors(JsonObject changes, String field, Map<Long, String> now) {
    JsonValue value = changes.get(field);
    if (value == null) {
      return now;
    }
    if (!(value instanceof JsonObject object)) {
      throw new ProblemException.InvalidInput(
          field + " must be an object of project ids to messages");
    }
    Map<Long, String> errors = new HashMap<>();
    for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
      long project;
      try {
        project = Long.parseLong(entry.getKey());
      } catch (NumberFormatException e) {
        throw new ProblemException.InvalidInput(
            field + " keys must be project ids, not " + entry.getKey());
      }
      if (!(entry.getValue() instanceof JsonString message) || message.getString().isBlank()) {
        throw new ProblemException.InvalidInput(field + "." + project + " must be a message");
      }
      errors.put(project, message.getString());
    }
    return errors;
  }

  private static JsonObject describe(SandboxBehaviour b) {
    JsonObjectBuilder build = Json.createObjectBuilder();
    b.buildErrors().forEach((k, v) -> build.add(String.valueOf(k), v));
    JsonObjectBuilder runtime = Json.createObjectBuilder();
    b.runtimeErrors().forEach((k, v) -> runtime.add(String.valueOf(k), v));
    return Json.createObjectBuilder()
        .add("nodes", b.nodes())
        .add("busy_elsewhere", b.busyElsewhere())
        .add("fail_next_requests", b.failNextRequests())
        .add("compile_ms", b.compileMs())
        .add("backtest_ms", b.backtestMs())
        .add("statistics_delay_reads", b.statisticsDelayReads())
        .add("build_errors", build)
        .add("runtime_errors", runtime)
        .add("reject_credentials", b.rejectCredentials())
        .add("nodes_read_lags", b.nodesReadLags())
        .add("slow_next_requests", b.slowNextRequests())
        .add("latency_ms", b.latencyMs())
        .add("backtest_jitter_ms", b.backtestJitterMs())
        .add("lose_create_answers", b.loseCreateAnswers())
        .add("outage_until", b.outageUntil() == null ? "" : b.outageUntil().toString())
        .build();
  }
}
