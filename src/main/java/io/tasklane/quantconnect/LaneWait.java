package io.tasklane.quantconnect;

/**
 * Why a {@code qc_backtest} went back to the head of its lane, kept in its {@code external} record
 * ({@code waiting_for}) so whatever ends that reason can end the wait at once instead of letting
 * the task sit out its whole back-off.
 */
public enum LaneWait {
  /** {@code projects/nodes/read} showed every node busy (nodes used outside Tasklane). */
  NODES_BUSY,
  /** {@code backtests/create} answered "no spare nodes" although the nodes read showed one idle. */
  NO_SPARE_NODES,
  /** 5xx, resets or timeouts before the task's backtest existed. */
  UNAVAILABLE,
  /** QuantConnect rejected the credentials. */
  CREDENTIALS;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  static LaneWait of(String wireName) {
    for (LaneWait wait : values()) {
      if (wait.wireName().equals(wireName)) {
        return wait;
      }
    }
    return null;
  }
}
