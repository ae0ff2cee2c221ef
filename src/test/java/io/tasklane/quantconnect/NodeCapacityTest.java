package io.tasklane.quantconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NodeCapacityTest {
  private static final UUID ME = UUID.randomUUID();
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static QuantConnectClient.NodeReport nodes(int total, int busy) {
    return new QuantConnectClient.NodeReport(total, busy);
  }

  /** Decides as in a steady state: every backtest of ours known now was known before the read. */
  private static NodeCapacity.Verdict decide(
      QuantConnectClient.NodeReport nodes, List<NodeCapacity.Holder> holders, boolean settled) {
    return NodeCapacity.decide(
        new NodeCapacity.Reading(nodes, NodeCapacity.Reading.known(holders)), holders, ME, settled);
  }

  private static NodeCapacity.Holder me() {
    return new NodeCapacity.Holder(ME, T0.plusSeconds(5), 2, false, false);
  }

  private static NodeCapacity.Holder sibling(int secondsAfterT0, boolean sent, boolean known) {
    return new NodeCapacity.Holder(
        UUID.randomUUID(), T0.plusSeconds(secondsAfterT0), 1, sent, known);
  }

  @Test
  void an_idle_node_and_no_sibling_means_launch() {
    assertInstanceOf(NodeCapacity.Launch.class, decide(nodes(2, 1), List.of(me()), false));
  }

  @Test
  void a_siblings_running_backtest_is_not_taken_for_a_node_busy_outside() {
    // QuantConnect counts the sibling's backtest as busy; it is ours, not someone else's.
    var verdict = decide(nodes(2, 1), List.of(sibling(0, true, true), me()), false);
    assertInstanceOf(NodeCapacity.Launch.class, verdict);
  }

  @Test
  void a_siblings_create_in_flight_is_let_settle_instead_of_counted_twice() {
    assertInstanceOf(
        NodeCapacity.Settle.class,
        decide(nodes(2, 1), List.of(sibling(0, true, false), me()), false));
  }

  @Test
  void a_create_in_flight_too_long_counts_as_running_once() {
    // busy 1 is the sibling itself: one node left for me, not zero.
    assertInstanceOf(
        NodeCapacity.Launch.class,
        decide(nodes(2, 1), List.of(sibling(0, true, false), me()), true));
    // busy 0: QuantConnect does not count it yet; it still takes one of the two.
    assertInstanceOf(
        NodeCapacity.Launch.class,
        decide(nodes(2, 0), List.of(sibling(0, true, false), me()), true));
  }

  @Test
  void a_siblings_create_answered_while_the_nodes_read_was_out_is_let_settle() {
    // The read went out before the sibling's create: busy 1 is someone outside Tasklane, not the
    // sibling. Counting the sibling as part of it would see a free node that is not there.
    NodeCapacity.Holder sibling = sibling(0, true, true);
    List<NodeCapacity.Holder> now = List.of(sibling, me());
    assertInstanceOf(
        NodeCapacity.Settle.class,
        NodeCapacity.decide(new NodeCapacity.Reading(nodes(2, 1), Set.of()), now, ME, false));
    // Read again once it is known: QuantConnect counts it, and both nodes are taken.
    var verdict =
        NodeCapacity.decide(
            new NodeCapacity.Reading(nodes(2, 2), Set.of(sibling.taskId())), now, ME, false);
    NodeCapacity.Busy busy = assertInstanceOf(NodeCapacity.Busy.class, verdict);
    assertEquals(1, busy.outside());
    assertEquals(1, busy.running());
  }

  @Test
  void a_sibling_admitted_earlier_and_not_yet_created_goes_first() {
    var verdict = decide(nodes(2, 1), List.of(sibling(0, false, false), me()), false);
    NodeCapacity.Busy busy = assertInstanceOf(NodeCapacity.Busy.class, verdict);
    assertEquals(1, busy.outside());
    assertEquals(1, busy.launching());
  }

  @Test
  void a_sibling_admitted_later_waits_for_me() {
    assertInstanceOf(
        NodeCapacity.Launch.class,
        decide(nodes(2, 1), List.of(sibling(9, false, false), me()), false));
  }

  @Test
  void nodes_busy_outside_tasklane_make_it_wait_and_say_so() {
    var verdict = decide(nodes(2, 2), List.of(me()), false);
    NodeCapacity.Busy busy = assertInstanceOf(NodeCapacity.Busy.class, verdict);
    assertEquals(2, busy.outside());
    assertEquals("QuantConnect reports 2 of 2 backtest nodes busy", busy.describe());
  }

  @Test
  void a_task_without_a_slot_counts_every_unlaunched_holder_ahead_of_it() {
    var verdict =
        decide(nodes(2, 0), List.of(sibling(0, false, false), sibling(9, false, false)), false);
    assertInstanceOf(NodeCapacity.Busy.class, verdict);
  }

  @Test
  void our_backtest_that_ended_unnoticed_still_counts_as_ours_never_as_room() {
    // QuantConnect no longer counts it, our slot still does: no over-commit either way.
    assertInstanceOf(
        NodeCapacity.Busy.class,
        decide(nodes(2, 1), List.of(sibling(0, true, true), sibling(1, true, true), me()), false));
  }

  @Test
  void no_nodes_listed_leaves_it_to_the_create_answer() {
    assertInstanceOf(NodeCapacity.Launch.class, decide(nodes(0, 0), List.of(me()), false));
  }

  private static final Instant FREED = T0.plusSeconds(60);
  private static final java.time.Duration WINDOW = java.time.Duration.ofSeconds(10);

  @Test
  void a_hand_off_skips_the_nodes_read_when_every_sibling_runs_a_known_backtest() {
    assertTrue(
        NodeCapacity.handOffWithoutRead(List.of(sibling(0, true, true), me()), ME, FREED, WINDOW));
    assertTrue(NodeCapacity.handOffWithoutRead(List.of(me()), ME, FREED, WINDOW));
  }

  @Test
  void a_hand_off_reads_the_nodes_while_a_sibling_may_be_taking_the_freed_node() {
    // The sibling read the nodes after our backtest ended on QuantConnect and before its slot was
    // freed: it saw that node idle and is creating on it.
    assertFalse(
        NodeCapacity.handOffWithoutRead(
            List.of(sibling(0, false, false), me()), ME, FREED, WINDOW));
    assertFalse(
        NodeCapacity.handOffWithoutRead(List.of(sibling(0, true, false), me()), ME, FREED, WINDOW));
  }

  @Test
  void a_hand_off_reads_the_nodes_when_a_sibling_took_its_slot_just_before_the_node_was_freed() {
    // Its create already answered: it may run on the very node our ended backtest left.
    assertFalse(
        NodeCapacity.handOffWithoutRead(List.of(sibling(55, true, true), me()), ME, FREED, WINDOW));
  }
}
