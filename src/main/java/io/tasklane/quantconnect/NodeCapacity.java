package io.tasklane.quantconnect;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Whether one more of Tasklane's backtests fits on the organization's nodes now, from a {@code
 * projects/nodes/read} and Tasklane's own node slots. QuantConnect counts every busy node, ours and
 * those used from the web IDE alike; Tasklane knows which are its own. So the nodes busy outside
 * Tasklane are QuantConnect's busy count less our backtests it runs, and what is left of the nodes
 * goes first to our tasks that took a slot earlier and have not created yet.
 *
 * <p>Each of our backtests must be counted exactly once. Only one already known before the nodes
 * read went out is surely in QuantConnect's count. One whose create is in flight (sent, no answer
 * recorded yet), or whose answer arrived while the read was out, may or may not be: the verdict is
 * then to let it settle and read again, which takes one request's time. So the slots are read both
 * before the nodes ({@link Reading#knownBefore}) and after them: a slot not yet sent at the second
 * read cannot be in the nodes read either.
 */
final class NodeCapacity {
  private NodeCapacity() {}

  /** One of Tasklane's held slots, as seen right after the nodes read. */
  record Holder(
      UUID taskId, Instant acquiredAt, int slot, boolean createSent, boolean backtestKnown) {
    boolean inFlight() {
      return createSent && !backtestKnown;
    }
  }

  /**
   * A {@code projects/nodes/read} and our tasks whose backtest was known before it was sent: those
   * are in its busy count (or ended, and then hold no node either way).
   */
  record Reading(QuantConnectClient.NodeReport nodes, Set<UUID> knownBefore) {
    static Set<UUID> known(List<Holder> holders) {
      return Set.copyOf(
          holders.stream().filter(Holder::backtestKnown).map(Holder::taskId).toList());
    }
  }

  sealed interface Verdict permits Launch, Settle, Busy {}

  /** There is a node for this task. */
  record Launch() implements Verdict {}

  /** A sibling's create is in flight: read again once it has settled. */
  record Settle() implements Verdict {}

  /** Every node is taken: by {@code outside} users, our {@code running} and {@code launching}. */
  record Busy(int total, int busy, int outside, int running, int launching) implements Verdict {
    String describe() {
      StringBuilder text =
          new StringBuilder("QuantConnect reports ")
              .append(busy)
              .append(" of ")
              .append(total)
              .append(" backtest nodes busy");
      if (running > 0) {
        text.append(", ").append(running).append(" of them Tasklane's");
      }
      if (launching > 0) {
        text.append(", and ").append(launching).append(" about to be taken by Tasklane");
      }
      return text.toString();
    }
  }

  private static final Comparator<Holder> ADMISSION_ORDER =
      Comparator.comparing(Holder::acquiredAt, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparingInt(Holder::slot);

  /**
   * @param me the task asking; it may hold a slot (a task about to create) or not (a queued task
   *     the lane is waiting on)
   * @param holders the slots held now, read after the nodes
   * @param settled false: a create in flight, or one answered while the nodes read was out, means
   *     {@link Settle}; true (it has not settled in a reasonable time): it counts as running
   */
  static Verdict decide(Reading reading, List<Holder> holders, UUID me, boolean settled) {
    QuantConnectClient.NodeReport nodes = reading.nodes();
    if (nodes.total() == 0) {
      return new Launch(); // QuantConnect listed no nodes: nothing to go by but its create answer
    }
    Holder mine = holders.stream().filter(h -> h.taskId().equals(me)).findFirst().orElse(null);
    int running = 0;
    int launching = 0;
    for (Holder holder : holders) {
      if (holder == mine) {
        continue;
      }
      boolean answeredDuringRead =
          holder.backtestKnown() && !reading.knownBefore().contains(holder.taskId());
      if ((holder.inFlight() || answeredDuringRead) && !settled) {
        return new Settle();
      }
      if (holder.backtestKnown() || holder.inFlight()) {
        running++;
      } else if (mine == null || ADMISSION_ORDER.compare(holder, mine) < 0) {
        launching++;
      }
    }
    int outside = Math.max(0, nodes.busy() - running);
    int free = nodes.total() - outside - running - launching;
    return free >= 1
        ? new Launch()
        : new Busy(nodes.total(), nodes.busy(), outside, running, launching);
  }

  /**
   * Whether a task that took over the node one of our backtests just freed may create without a
   * nodes read. Not while a sibling holds a slot with no backtest known yet, nor when a sibling
   * took its slot within {@code window} before the node was freed: either may have read the nodes
   * after our backtest ended on QuantConnect but before we freed its slot, found that node idle and
   * taken it, while the hand-off would take it too (one "no spare nodes").
   */
  static boolean handOffWithoutRead(
      List<Holder> holders, UUID me, Instant freedAt, java.time.Duration window) {
    Instant settled = freedAt.minus(window);
    return holders.stream()
        .filter(h -> !h.taskId().equals(me))
        .allMatch(
            h -> h.backtestKnown() && h.acquiredAt() != null && h.acquiredAt().isBefore(settled));
  }
}
