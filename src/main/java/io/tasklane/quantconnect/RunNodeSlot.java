package io.tasklane.quantconnect;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * The node slot a {@code qc_backtest} run holds from its admission, and what runs on its node as
 * far as the run knows. That knowledge alone decides, in {@link #letGo}, how the slot goes: handed
 * on as a freed node, given back plainly, or kept while a backtest of ours runs or may run on it.
 */
final class RunNodeSlot {
  /** What runs on the node for this task. */
  private enum Use {
    /** Nothing of ours: nothing is known of the node. */
    NONE,
    /** A create went out whose backtest has neither been seen nor ruled out by a lookup. */
    MAYBE_BACKTEST,
    /** Our backtest exists and may be running. */
    BACKTEST,
    /** Our backtest ended or was deleted: the node is idle. */
    FREED
  }

  private final NodeGate gate;
  private final UUID taskId;
  private final long projectId;
  private final Clock clock;
  private Use use = Use.NONE;
  private boolean letGo;

  RunNodeSlot(NodeGate gate, UUID taskId, long projectId, Clock clock) {
    this.gate = gate;
    this.taskId = taskId;
    this.projectId = projectId;
    this.clock = clock;
  }

  /** The slot came from one of our backtests that just ended: no nodes read is needed. */
  boolean takesOverFreedNode() {
    return gate.takesOverFreedNode(taskId);
  }

  /** An earlier attempt sent a create: until a lookup tells, its backtest may run there. */
  void earlierCreateMayHaveRun() {
    use = Use.MAYBE_BACKTEST;
  }

  /** A create is about to go out: from now on until its answer our backtest may exist. */
  void createSent(Instant at) {
    gate.markCreateSent(taskId, projectId, at);
    use = Use.MAYBE_BACKTEST;
  }

  /** Our backtest exists (answered or found by its tag): it runs on this node. */
  void backtest(String backtestId) {
    gate.recordBacktest(taskId, projectId, backtestId);
    use = Use.BACKTEST;
  }

  /** Nothing of ours was created, as a lookup or QuantConnect's answer showed. */
  void noBacktest() {
    use = Use.NONE;
  }

  /** A create's outcome is unknown: a backtest of ours may run without the run knowing its id. */
  boolean backtestMayExist() {
    return use == Use.MAYBE_BACKTEST;
  }

  /** Our backtest ended or was deleted: its node is handed on at once. */
  void backtestEnded() {
    use = Use.FREED;
    letGo();
  }

  /**
   * QuantConnect refused a request and the attempt fails: the slot goes back plainly, whatever ran
   * on it, unless its node was handed on already.
   */
  void letGoOnRefusal() {
    if (use != Use.FREED) {
      use = Use.NONE;
    }
    letGo();
  }

  /**
   * The one place the slot is let go, once. A node our backtest left is handed on as freed (the
   * next task may create without reading the nodes, see {@link NodeGate#takesOverFreedNode}); a
   * slot nothing of ours used goes back plainly; while a backtest of ours runs or may run the slot
   * is kept, so it goes on counting that node ({@link OrphanedNodeSlots} frees it later if the run
   * cannot).
   */
  void letGo() {
    if (letGo) {
      return;
    }
    switch (use) {
      case NONE -> gate.release(taskId);
      case FREED -> gate.releaseFreedNode(taskId, clock.instant());
      case MAYBE_BACKTEST, BACKTEST -> {
        return;
      }
    }
    letGo = true;
  }
}
