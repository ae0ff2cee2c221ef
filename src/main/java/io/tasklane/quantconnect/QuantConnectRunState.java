package io.tasklane.quantconnect;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a {@code qc_backtest} has on QuantConnect and why it waits, as kept in the task's {@code
 * external} record between attempts (and shown as such by the API). A missing value is null: the
 * record is written key by key as the run learns it, and tasks in flight carry what older versions
 * wrote, so {@link #of} and {@link #toJson} hold the only spelling of its keys.
 *
 * @param projectId the QuantConnect project built and backtested
 * @param compileId the build, made by the task or ahead of it by {@link Precompiler}
 * @param compileState how that build ended ({@code BuildSuccess}, {@code BuildError}), once known
 * @param backtestName the name sent with the create, carrying the task's tag
 * @param createRequestedAt when a create was last sent: a backtest of ours may exist from then on
 * @param backtestId the task's backtest, once its create was answered or found by its tag
 * @param nodeWaits how often in a row the task waited for a node (its back-off step)
 * @param unavailableWaits how often in a row it waited for QuantConnect to answer
 * @param waitingFor why the task waits at the head of its lane now, if it does
 */
public record QuantConnectRunState(
    Long projectId,
    String compileId,
    String compileState,
    String backtestName,
    Instant createRequestedAt,
    String backtestId,
    Integer nodeWaits,
    Integer unavailableWaits,
    LaneWait waitingFor) {

  static final QuantConnectRunState EMPTY =
      new QuantConnectRunState(null, null, null, null, null, null, null, null, null);

  private static final String PROJECT_ID = "project_id";
  private static final String COMPILE_ID = "compile_id";
  private static final String COMPILE_STATE = "compile_state";
  private static final String BACKTEST_NAME = "backtest_name";
  private static final String CREATE_REQUESTED_AT = "create_requested_at";
  private static final String BACKTEST_ID = "backtest_id";
  private static final String NODE_WAITS = "node_waits";
  private static final String UNAVAILABLE_WAITS = "unavailable_waits";
  private static final String WAITING_FOR = "waiting_for";

  /** Reads a task's {@code external} record; keys it does not know are left to their writers. */
  public static QuantConnectRunState of(JsonObject json) {
    return new QuantConnectRunState(
        json.get(PROJECT_ID) instanceof JsonNumber n ? n.longValue() : null,
        string(json, COMPILE_ID),
        string(json, COMPILE_STATE),
        string(json, BACKTEST_NAME),
        instant(string(json, CREATE_REQUESTED_AT)),
        string(json, BACKTEST_ID),
        json.get(NODE_WAITS) instanceof JsonNumber n ? n.intValue() : null,
        json.get(UNAVAILABLE_WAITS) instanceof JsonNumber n ? n.intValue() : null,
        LaneWait.of(string(json, WAITING_FOR)));
  }

  /** The record as stored: the values that are set, under the keys earlier versions used. */
  public JsonObject toJson() {
    JsonObjectBuilder json = Json.createObjectBuilder();
    if (projectId != null) {
      json.add(PROJECT_ID, projectId);
    }
    add(json, COMPILE_ID, compileId);
    add(json, COMPILE_STATE, compileState);
    add(json, BACKTEST_NAME, backtestName);
    add(json, CREATE_REQUESTED_AT, createRequestedAt == null ? null : createRequestedAt.toString());
    add(json, BACKTEST_ID, backtestId);
    if (nodeWaits != null) {
      json.add(NODE_WAITS, nodeWaits);
    }
    if (unavailableWaits != null) {
      json.add(UNAVAILABLE_WAITS, unavailableWaits);
    }
    add(json, WAITING_FOR, waitingFor == null ? null : waitingFor.wireName());
    return json.build();
  }

  /** An earlier attempt sent a create (or saw its backtest): it may exist on QuantConnect. */
  boolean createMayHaveBeenSent() {
    return createRequestedAt != null || backtestId != null;
  }

  /** The build is known to have succeeded: it need not be read again. */
  boolean builtSuccessfully() {
    return new QuantConnectClient.CompileState(compileState, List.of()).succeeded();
  }

  int nodeWaitsSoFar() {
    return nodeWaits == null ? 0 : nodeWaits;
  }

  int unavailableWaitsSoFar() {
    return unavailableWaits == null ? 0 : unavailableWaits;
  }

  QuantConnectRunState withBuild(long project, String compile) {
    return new QuantConnectRunState(
        project,
        compile,
        compileState,
        backtestName,
        createRequestedAt,
        backtestId,
        nodeWaits,
        unavailableWaits,
        waitingFor);
  }

  QuantConnectRunState withCompileState(String state) {
    return new QuantConnectRunState(
        projectId,
        compileId,
        state,
        backtestName,
        createRequestedAt,
        backtestId,
        nodeWaits,
        unavailableWaits,
        waitingFor);
  }

  /** About to send a create: recorded before the call, so a crash in between is recognised. */
  QuantConnectRunState withCreateRequested(String name, Instant at) {
    return new QuantConnectRunState(
        projectId,
        compileId,
        compileState,
        name,
        at,
        backtestId,
        nodeWaits,
        unavailableWaits,
        waitingFor);
  }

  /** No create of ours took effect (or none will be looked for): nothing to find on a retry. */
  QuantConnectRunState withoutCreateRequest() {
    return new QuantConnectRunState(
        projectId,
        compileId,
        compileState,
        backtestName,
        null,
        backtestId,
        nodeWaits,
        unavailableWaits,
        waitingFor);
  }

  QuantConnectRunState withBacktest(String id) {
    return new QuantConnectRunState(
        projectId,
        compileId,
        compileState,
        backtestName,
        createRequestedAt,
        id,
        nodeWaits,
        unavailableWaits,
        waitingFor);
  }

  /** The lookup found no backtest of ours: neither a create nor a backtest to follow. */
  QuantConnectRunState withoutBacktest() {
    return withoutCreateRequest().withBacktest(null);
  }

  QuantConnectRunState withNodeWaits(int waits) {
    return new QuantConnectRunState(
        projectId,
        compileId,
        compileState,
        backtestName,
        createRequestedAt,
        backtestId,
        waits,
        unavailableWaits,
        waitingFor);
  }

  QuantConnectRunState withUnavailableWaits(int waits) {
    return new QuantConnectRunState(
        projectId,
        compileId,
        compileState,
        backtestName,
        createRequestedAt,
        backtestId,
        nodeWaits,
        waits,
        waitingFor);
  }

  /** Waits at the head of the lane; the project is kept for the nodes re-check (NodeWatch). */
  QuantConnectRunState withWaitingFor(LaneWait why, long project) {
    return new QuantConnectRunState(
        project,
        compileId,
        compileState,
        backtestName,
        createRequestedAt,
        backtestId,
        nodeWaits,
        unavailableWaits,
        why);
  }

  /** Launched: the waits are over and their back-off starts again from the first step. */
  QuantConnectRunState launched() {
    return new QuantConnectRunState(
        projectId,
        compileId,
        compileState,
        backtestName,
        createRequestedAt,
        backtestId,
        0,
        0,
        null);
  }

  private static String string(JsonObject json, String key) {
    return json.get(key) instanceof JsonString s ? s.getString() : null;
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  private static void add(JsonObjectBuilder json, String key, String value) {
    if (value != null) {
      json.add(key, value);
    }
  }

  /** Keys whose value differs between the two records, with the value {@code after} has. */
  static JsonObject changed(QuantConnectRunState before, QuantConnectRunState after) {
    JsonObject old = before.toJson();
    JsonObjectBuilder changed = Json.createObjectBuilder();
    after
        .toJson()
        .forEach(
            (key, value) -> {
              if (!value.equals(old.get(key))) {
                changed.add(key, value);
              }
            });
    return changed.build();
  }

  /** Keys {@code before} has and {@code after} no longer has. */
  static Set<String> removed(QuantConnectRunState before, QuantConnectRunState after) {
    Set<String> removed = new LinkedHashSet<>(before.toJson().keySet());
    removed.removeAll(after.toJson().keySet());
    return removed;
  }
}
