package io.tasklane.quantconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The run's external record keeps the keys and value shapes tasks in flight already carry. */
class QuantConnectRunStateTest {

  /** As the run wrote it before the record existed, keys and shapes verbatim. */
  private static final String WRITTEN_BY_THE_OLD_RUN =
      """
      {"project_id":4711,"compile_id":"c-1","compile_state":"BuildSuccess",\
      "backtest_name":"Tasklane [tasklane:6f1c]","create_requested_at":"2026-01-01T00:00:00Z",\
      "backtest_id":"bt-9","node_waits":2,"unavailable_waits":1,"waiting_for":"nodes_busy"}\
      """;

  private static JsonObject parse(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  @Test
  void a_record_written_by_the_old_run_reads_with_every_value() {
    QuantConnectRunState state = QuantConnectRunState.of(parse(WRITTEN_BY_THE_OLD_RUN));

    assertEquals(4711L, state.projectId());
    assertEquals("c-1", state.compileId());
    assertEquals("BuildSuccess", state.compileState());
    assertTrue(state.builtSuccessfully());
    assertEquals("Tasklane [tasklane:6f1c]", state.backtestName());
    assertEquals(Instant.parse("2026-01-01T00:00:00Z"), state.createRequestedAt());
    assertEquals("bt-9", state.backtestId());
    assertEquals(2, state.nodeWaitsSoFar());
    assertEquals(1, state.unavailableWaitsSoFar());
    assertEquals(LaneWait.NODES_BUSY, state.waitingFor());
  }

  @Test
  void a_record_written_by_the_old_run_is_written_back_unchanged() {
    JsonObject old = parse(WRITTEN_BY_THE_OLD_RUN);
    assertEquals(old, QuantConnectRunState.of(old).toJson());
  }

  @Test
  void every_value_survives_the_round_trip() {
    QuantConnectRunState state =
        QuantConnectRunState.EMPTY
            .withBuild(12, "c-2")
            .withCompileState("BuildError")
            .withCreateRequested("run [tasklane:x]", Instant.parse("2026-12-03T16:00:00.123Z"))
            .withBacktest("bt-3")
            .withNodeWaits(4)
            .withUnavailableWaits(0)
            .withWaitingFor(LaneWait.CREDENTIALS, 12);

    assertEquals(state, QuantConnectRunState.of(state.toJson()));
  }

  @Test
  void an_empty_record_has_nothing_and_writes_no_key() {
    QuantConnectRunState state = QuantConnectRunState.of(Json.createObjectBuilder().build());

    assertEquals(QuantConnectRunState.EMPTY, state);
    assertTrue(state.toJson().isEmpty());
    assertFalse(state.createMayHaveBeenSent());
    assertFalse(state.builtSuccessfully());
    assertEquals(0, state.nodeWaitsSoFar());
  }

  @Test
  void keys_of_other_writers_are_ignored_and_never_written() {
    QuantConnectRunState state =
        QuantConnectRunState.of(parse("{\"compile_id\":\"c-1\",\"someone_elses\":true}"));

    assertEquals("c-1", state.compileId());
    assertEquals(parse("{\"compile_id\":\"c-1\"}"), state.toJson());
  }

  @Test
  void a_launch_resets_both_waits_to_zero_and_ends_the_wait() {
    QuantConnectRunState waiting =
        QuantConnectRunState.of(parse(WRITTEN_BY_THE_OLD_RUN)).withBacktest(null);

    JsonObject launched = waiting.launched().toJson();

    assertEquals(0, launched.getInt("node_waits"));
    assertEquals(0, launched.getInt("unavailable_waits"));
    assertFalse(launched.containsKey("waiting_for"));
  }

  @Test
  void a_save_writes_only_the_keys_that_changed_and_removes_the_dropped_ones() {
    QuantConnectBacktestRunTest.FakeExternals externals =
        new QuantConnectBacktestRunTest.FakeExternals();
    UUID task = UUID.randomUUID();
    externals.merge(task, parse(WRITTEN_BY_THE_OLD_RUN));
    QuantConnectRunStates states = new QuantConnectRunStates(externals);
    QuantConnectRunState loaded = states.load(task);
    // Another writer changes a key this caller does not touch: it must survive the save.
    externals.merge(task, parse("{\"compile_state\":\"BuildError\"}"));

    QuantConnectRunState saved = states.save(task, loaded, loaded.withoutBacktest());

    JsonObject stored = externals.read(task);
    assertEquals("BuildError", stored.getString("compile_state"));
    assertFalse(stored.containsKey("backtest_id"));
    assertFalse(stored.containsKey("create_requested_at"));
    assertNull(saved.backtestId());
    assertEquals(
        Set.of("backtest_id", "create_requested_at"), QuantConnectRunState.removed(loaded, saved));
    assertTrue(QuantConnectRunState.changed(loaded, saved).isEmpty());
  }
}
