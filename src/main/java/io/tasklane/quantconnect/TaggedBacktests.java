package io.tasklane.quantconnect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The backtests of a project that carry one task's tag: none, or the one the task follows. A
 * further one comes from a create QuantConnect processed after its answer was lost; it costs a
 * node, so it is deleted.
 */
final class TaggedBacktests {
  private static final Logger LOG = Logger.getLogger(TaggedBacktests.class.getName());

  private static final Comparator<QuantConnectBacktest> BY_CREATION =
      Comparator.comparing(
              QuantConnectBacktest::created, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(QuantConnectBacktest::backtestId);

  private final QuantConnectClient client;
  private final long projectId;
  private final UUID taskId;

  TaggedBacktests(QuantConnectClient client, long projectId, UUID taskId) {
    this.client = client;
    this.projectId = projectId;
    this.taskId = taskId;
  }

  /** The tag that marks a backtest as this task's on QuantConnect. */
  static String tag(UUID taskId) {
    return "[tasklane:" + taskId + "]";
  }

  /** Those of {@code backtests} that carry the task's tag. */
  List<QuantConnectBacktest> ours(List<QuantConnectBacktest> backtests) {
    String tag = tag(taskId);
    List<QuantConnectBacktest> ours = new ArrayList<>();
    for (QuantConnectBacktest backtest : backtests) {
      if (backtest.name() != null && backtest.name().contains(tag)) {
        ours.add(backtest);
      }
    }
    return ours;
  }

  /** The one to follow: {@code known} if it is among them, else the earliest. */
  static Optional<QuantConnectBacktest> toFollow(List<QuantConnectBacktest> ours, String known) {
    return ours.stream()
        .filter(b -> b.backtestId().equals(known))
        .findFirst()
        .or(() -> ours.stream().min(BY_CREATION));
  }

  /**
   * Deletes every one of {@code ours} but {@code keep}.
   *
   * @return false when one could not be deleted: look for it again once the backtest ends
   */
  boolean deleteAllBut(List<QuantConnectBacktest> ours, QuantConnectBacktest keep) {
    boolean all = true;
    for (QuantConnectBacktest extra : ours) {
      if (extra != keep) {
        all &= delete(extra, keep);
      }
    }
    return all;
  }

  private boolean delete(QuantConnectBacktest extra, QuantConnectBacktest keep) {
    try {
      client.deleteBacktest(projectId, extra.backtestId());
      LOG.warning(
          () ->
              "Deleted backtest "
                  + extra.backtestId()
                  + " on QuantConnect: a second backtest of task "
                  + taskId
                  + " (a create answered too late or lost), which follows "
                  + keep.backtestId());
      return true;
    } catch (QuantConnectFailure.Refused gone) {
      return true; // deleted meanwhile
    } catch (QuantConnectFailure e) {
      LOG.warning(
          () ->
              "Could not delete backtest "
                  + extra.backtestId()
                  + ", a second backtest of task "
                  + taskId
                  + " on QuantConnect ("
                  + e.getMessage()
                  + "); it is looked for again when the task's backtest ends");
      return false;
    }
  }
}
