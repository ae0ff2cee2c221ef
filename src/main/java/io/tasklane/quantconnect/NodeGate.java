package io.tasklane.quantconnect;

import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The account's backtest nodes as rows in the database: the limit holds across every instance
 * sharing it because taking a slot locks the slot rows, never a JVM-local semaphore.
 */
@ApplicationScoped
public class NodeGate {
  @PersistenceContext EntityManager em;
  @Inject @ConfigProperties QuantConnectSettings settings;
  @Inject TaskStore tasks;
  @Inject Event<NodeSlotFreed> freed;
  @Inject Event<NodeHandOff> handOffs;

  /**
   * Takes a free slot for {@code taskId}, inside the caller's transaction (the claim of the task),
   * so the slot and the task change together or not at all. A task that already holds one (it was
   * re-queued after its instance died while its backtest ran on) keeps it.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean acquire(UUID taskId, Instant now) {
    List<NodeSlot> slots =
        em.createQuery(
                "select s from NodeSlot s where s.slot <= :nodes order by s.slot", NodeSlot.class)
            .setParameter("nodes", settings.nodes())
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultList();
    NodeSlot free = null;
    for (NodeSlot slot : slots) {
      if (slot.isHeldBy(taskId)) {
        return true;
      }
      // The slot whose node one of our backtests freed last first: that node is surely idle.
      if (slot.isFree() && (free == null || fresher(slot, free))) {
        free = slot;
      }
    }
    if (free == null) {
      return false;
    }
    if (free.nodeFreedAt() != null) {
      handOffs.fire(new NodeHandOff(Duration.between(free.nodeFreedAt(), now)));
    }
    free.assign(taskId, now);
    return true;
  }

  private static boolean fresher(NodeSlot a, NodeSlot b) {
    return a.nodeFreedAt() != null
        && (b.nodeFreedAt() == null || a.nodeFreedAt().isAfter(b.nodeFreedAt()));
  }

  /**
   * Whether the task took its slot right after one of our own backtests on it ended: then that node
   * was in Tasklane's hands a moment ago and needs no nodes read before the create (a web IDE user
   * who takes it meanwhile is met by "no spare nodes", which is waited out).
   */
  @Transactional
  public boolean takesOverFreedNode(UUID taskId) {
    List<NodeSlot> held = held();
    List<NodeCapacity.Holder> holders = held.stream().map(NodeSlot::asHolder).toList();
    return held.stream()
        .filter(s -> s.isHeldBy(taskId))
        .anyMatch(
            s ->
                s.takenOverFromOurOwn(settings.handOffWindow())
                    && NodeCapacity.handOffWithoutRead(
                        holders, taskId, s.nodeFreedAt(), settings.handOffWindow()));
  }

  /** Remembers which backtest runs on the task's node (for the nodes view and for clean-up). */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void recordBacktest(UUID taskId, long projectId, String backtestId) {
    em.createQuery(
            "update NodeSlot s set s.projectId = :project, s.backtestId = :backtest"
                + " where s.taskId = :task")
        .setParameter("project", projectId)
        .setParameter("backtest", backtestId)
        .setParameter("task", taskId)
        .executeUpdate();
  }

  /**
   * Gives back a slot whose task never ran a backtest on it (it waits, or failed before creating):
   * nothing is known of its node any more.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean release(UUID taskId) {
    return free(taskId, null);
  }

  /** Frees the task's node once QuantConnect no longer runs its backtest (ended or deleted). */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean releaseFreedNode(UUID taskId, Instant now) {
    return free(taskId, now);
  }

  private boolean free(UUID taskId, Instant nodeFreedAt) {
    boolean released =
        em.createQuery(
                    "update NodeSlot s set s.taskId = null, s.projectId = null,"
                        + " s.backtestId = null, s.acquiredAt = null, s.createSentAt = null,"
                        + " s.nodeFreedAt = :freed where s.taskId = :task")
                .setParameter("freed", nodeFreedAt)
                .setParameter("task", taskId)
                .executeUpdate()
            > 0;
    if (released) {
      freed.fire(new NodeSlotFreed(taskId, nodeFreedAt != null));
    }
    return released;
  }

  /**
   * Marks the task's slot as having sent {@code backtests/create}: from now until the answer is
   * recorded its backtest may or may not be on QuantConnect (see {@link NodeCapacity}).
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void markCreateSent(UUID taskId, long projectId, Instant now) {
    em.createQuery(
            "update NodeSlot s set s.createSentAt = :now, s.projectId = :project"
                + " where s.taskId = :task")
        .setParameter("now", now)
        .setParameter("project", projectId)
        .setParameter("task", taskId)
        .executeUpdate();
  }

  /** Held slots as {@link NodeCapacity} weighs them: read them after the nodes. */
  @Transactional
  public List<NodeCapacity.Holder> holders() {
    return held().stream().map(NodeSlot::asHolder).toList();
  }

  /** Slots held now, by slot number. */
  @Transactional
  public List<NodeSlot> held() {
    return em.createQuery(
            "select s from NodeSlot s where s.taskId is not null order by s.slot", NodeSlot.class)
        .getResultList();
  }

  /**
   * Slots whose task has been over for longer than a live handler needs to stop its backtest and
   * free the node: the instance that ran it died first, or the task vanished.
   */
  @Transactional
  public List<NodeSlot> orphaned(Instant finishedBefore) {
    List<NodeSlot> held = held();
    // Both reads in this one transaction; the task table's side is the store's.
    Set<UUID> live =
        Set.copyOf(
            tasks.unfinishedOrEndedAfter(
                held.stream().map(NodeSlot::taskId).toList(), finishedBefore));
    return held.stream().filter(slot -> !live.contains(slot.taskId())).toList();
  }
}
