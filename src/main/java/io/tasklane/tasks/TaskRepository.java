package io.tasklane.tasks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Queries over tasks. Every list is bounded and every count runs on an indexed column, so the
 * answers stay fast however long the task history grows.
 */
@ApplicationScoped
// Reads too run in a (joined or short) transaction: a transaction-scoped EntityManager is closed
// outside one on managed executor threads.
@Transactional
public class TaskRepository {
  @PersistenceContext EntityManager em;

  public void add(Task task) {
    em.persist(task);
  }

  public Optional<Task> find(UUID id) {
    return Optional.ofNullable(em.find(Task.class, id));
  }

  /** A filter for lists; null fields match everything. */
  public record Filter(String userId, TaskStatus status, String taskType) {}

  public List<Task> page(Filter filter, int page, int size) {
    TypedQuery<Task> query =
        em.createQuery(
            "select t from Task t" + where(filter) + " order by t.queuedAt desc, t.id", Task.class);
    bind(query, filter);
    return query.setFirstResult(page * size).setMaxResults(size).getResultList();
  }

  public long count(Filter filter) {
    TypedQuery<Long> query =
        em.createQuery("select count(t) from Task t" + where(filter), Long.class);
    bind(query, filter);
    return query.getSingleResult();
  }

  private static String where(Filter filter) {
    List<String> clauses = new ArrayList<>();
    if (filter.userId() != null) {
      clauses.add("t.userId = :userId");
    }
    if (filter.status() != null) {
      clauses.add("t.status = :status");
    }
    if (filter.taskType() != null) {
      clauses.add("t.taskType = :taskType");
    }
    return clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses);
  }

  private static void bind(TypedQuery<?> query, Filter filter) {
    if (filter.userId() != null) {
      query.setParameter("userId", filter.userId());
    }
    if (filter.status() != null) {
      query.setParameter("status", filter.status());
    }
    if (filter.taskType() != null) {
      query.setParameter("taskType", filter.taskType());
    }
  }

  /** Queued or running tasks, in queue order (lane, priority, arrival), at most {@code limit}. */
  public List<Task> inStatus(TaskStatus status, String userId, int limit) {
    String order =
        status == TaskStatus.QUEUED
            ? " order by t.lane, t.priority desc, t.queuedAt, t.id"
            : " order by t.startedAt, t.id";
    TypedQuery<Task> query =
        em.createQuery(
            "select t from Task t where t.status = :status"
                + (userId == null ? "" : " and t.userId = :userId")
                + order,
            Task.class);
    query.setParameter("status", status);
    if (userId != null) {
      query.setParameter("userId", userId);
    }
    return query.setMaxResults(limit).getResultList();
  }

  public long countInStatus(TaskStatus status, String userId) {
    TypedQuery<Long> query =
        em.createQuery(
            "select count(t) from Task t where t.status = :status"
                + (userId == null ? "" : " and t.userId = :userId"),
            Long.class);
    query.setParameter("status", status);
    if (userId != null) {
      query.setParameter("userId", userId);
    }
    return query.getSingleResult();
  }

  /** 1-based position among the queued tasks of its lane, or null if it is not queued. */
  public Long queuePosition(Task task) {
    if (task.status() != TaskStatus.QUEUED) {
      return null;
    }
    long ahead =
        em.createQuery(
                "select count(t) from Task t where t.lane = :lane and t.status = :queued and"
                    + " (t.priority > :priority or (t.priority = :priority and (t.queuedAt < :queuedAt"
                    + " or (t.queuedAt = :queuedAt and t.id < :id))))",
                Long.class)
            .setParameter("lane", task.lane())
            .setParameter("queued", TaskStatus.QUEUED)
            .setParameter("priority", task.priority())
            .setParameter("queuedAt", task.queuedAt())
            .setParameter("id", task.id())
            .getSingleResult();
    return ahead + 1;
  }

  /** Queued tasks of a lane. */
  public long countQueued(Lane lane) {
    return em.createQuery(
            "select count(t) from Task t where t.lane = :lane and t.status = :queued", Long.class)
        .setParameter("lane", lane)
        .setParameter("queued", TaskStatus.QUEUED)
        .getSingleResult();
  }

  /**
   * The head of a strict-FIFO lane in admission order, including tasks told to wait ({@code
   * not_before} in the future): nothing overtakes them.
   */
  public List<LaneEntry> laneHead(Lane lane, int limit) {
    return em.createQuery(
            "select new io.tasklane.tasks.LaneEntry(t.id, t.notBefore)"
                + " from Task t where t.lane = :lane and t.status = :queued"
                + " order by t.priority desc, t.queuedAt, t.id",
            LaneEntry.class)
        .setParameter("lane", lane)
        .setParameter("queued", TaskStatus.QUEUED)
        .setMaxResults(limit)
        .getResultList();
  }

  /**
   * Ends the wait of a queued task told to wait until {@code not_before}: what it waited for is
   * over, so it may start at the next admission pass instead of sitting out its back-off.
   */
  public boolean endWait(UUID id, Instant now) {
    return em.createQuery(
                "update Task t set t.notBefore = null where t.id = :id and t.status = :queued"
                    + " and t.notBefore > :now")
            .setParameter("id", id)
            .setParameter("queued", TaskStatus.QUEUED)
            .setParameter("now", now)
            .executeUpdate()
        > 0;
  }

  /** The head of a lane: queued tasks that may start now, in admission order. */
  public List<QueuedTask> admissionCandidates(Lane lane, Instant now, int limit) {
    return em.createQuery(
            "select new io.tasklane.tasks.QueuedTask(t.id, t.priority, t.queuedAt,"
                + " t.estimatedCpuCores, t.estimatedRamGb)"
                + " from Task t where t.lane = :lane and t.status = :queued"
                + " and (t.notBefore is null or t.notBefore <= :now)"
                + " order by t.priority desc, t.queuedAt, t.id",
            QueuedTask.class)
        .setParameter("lane", lane)
        .setParameter("queued", TaskStatus.QUEUED)
        .setParameter("now", now)
        .setMaxResults(limit)
        .getResultList();
  }
}
