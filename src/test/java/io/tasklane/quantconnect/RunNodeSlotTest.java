package io.tasklane.quantconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a run lets its node slot go follows from what runs on the node, and happens once. */
class RunNodeSlotTest {
  private final UUID taskId = UUID.randomUUID();
  private final RecordingGate gate = new RecordingGate();
  private final RunNodeSlot slot = new RunNodeSlot(gate, taskId, 4711, Clock.systemUTC());

  /** The gate's calls, in order: "release", "freed", "sent", "backtest". */
  static final class RecordingGate extends NodeGate {
    final List<String> calls = new ArrayList<>();

    @Override
    public boolean release(UUID taskId) {
      calls.add("release");
      return true;
    }

    @Override
    public boolean releaseFreedNode(UUID taskId, Instant now) {
      calls.add("freed");
      return true;
    }

    @Override
    public void markCreateSent(UUID taskId, long projectId, Instant now) {
      calls.add("sent");
    }

    @Override
    public void recordBacktest(UUID taskId, long projectId, String backtestId) {
      calls.add("backtest");
    }
  }

  @Test
  void a_slot_nothing_of_ours_used_goes_back_plainly() {
    slot.letGo();
    assertEquals(List.of("release"), gate.calls);
  }

  @Test
  void a_node_our_ended_backtest_left_is_handed_on_as_freed_and_only_once() {
    slot.createSent(Instant.now());
    slot.backtest("bt-1");
    slot.backtestEnded();
    slot.letGo();
    slot.letGoOnRefusal();
    assertEquals(List.of("sent", "backtest", "freed"), gate.calls);
  }

  @Test
  void a_slot_is_kept_while_our_backtest_runs_or_may_run() {
    slot.createSent(Instant.now());
    slot.letGo();
    slot.backtest("bt-1");
    slot.letGo();
    assertEquals(List.of("sent", "backtest"), gate.calls);
  }

  @Test
  void a_create_that_took_no_effect_gives_the_slot_back_plainly() {
    slot.earlierCreateMayHaveRun();
    slot.letGo();
    slot.noBacktest();
    slot.letGo();
    assertEquals(List.of("release"), gate.calls);
  }

  @Test
  void a_refusal_gives_the_slot_back_plainly_even_while_our_backtest_runs() {
    slot.backtest("bt-1");
    slot.letGoOnRefusal();
    assertEquals(List.of("backtest", "release"), gate.calls);
  }
}
