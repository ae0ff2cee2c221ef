package io.tasklane.tasks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.Session;

/**
 * The one owner of the {@code task} table: every statement that reads or writes it is here, in
 * JPQL. Every list is bounded and every count runs on an indexed column, so the answers stay fast
 * however long the task history grows.
 *
 * <p>State changes go through the {@link Task} entity (a versioned update at {@link #flush}); the
 * few updates that must not conflict with them are grouped at the end and named {@code
 * ...Unversioned}. Transaction boundaries belong to the callers: each method joins the caller's
 * transaction and starts one only when called outside any.
 */
@ApplicationScoped
// Reads too run in a (joined or short) transaction: a transaction-scoped EntityManager is closed
// outside one on managed executor threads.
@Transactional
public class TaskStore {
  /**
   * Admission skips a task while one of its dependencies has not completed, so the tasks behind it
   * are not held up by it.
   */
  private static final String DEPENDENCIES_COMPLETED =
      " and not exists (select d.taskId from TaskDependency d, Task p"
          + " where d.taskId = t.id and p.id = d.dependsOn and p.status <> :completed)";

  private static final List<TaskStatus> FINISHED =
      List.of(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED, TaskStatus.TIMED_OUT);

  @PersistenceContext EntityManager em;
  @Inject QueueCounts queueCounts;

  public void add(Task task) {
    em.persist(task);
  }

  /** The task, managed: changes made to it in the caller's transaction are written at commit. */
  public Optional<Task> find(UUID id) {
    return Optional.ofNullable(em.find(Task.class, id));
  }

  /** The tasks of {@code ids} that exist, managed, in the order of {@code ids}; one query. */
  public List<Task> findAll(List<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<UUID, Task> byId = new HashMap<>();
    em.createQuery("select t from Task t where t.id in :ids", Task.class)
        .setParameter("ids", ids)
        .getResultList()
        .forEach(t -> byId.put(t.id(), t));
    List<Task> found = new ArrayList<>(byId.size());
    for (UUID id : ids) {
      Task task = byId.get(id);
      if (task != null) {
        found.add(task);
      }
    }
    return found;
  }

  /**
   * Writes the changes made to found tasks now, as versioned updates: a concurrent change of the
   * same task fails here (optimistic lock), before the caller announces its own.
   */
  public void flush() {
    em.flush();
  }

  /**
   * A filter for lists; null fields match everything. {@code symbol} and {@code strategy} match the
   * stored parameters (a backtest's, a training's or a prediction's); {@code from} is inclusive and
   * {@code to} exclusive, on the time the task was queued. Tasks of {@code hiddenTypes} are left
   * out (none if empty).
   */
  public record Filter(
      String userId,
      TaskStatus status,
      String taskType,
      String symbol,
      String strategy,
      Instant from,
      Instant to,
      Collection<String> hiddenTypes) {
    public Filter(String userId, TaskStatus status, String taskType) {
      this(userId, status, taskType, null, null, null, null, List.of());
    }

    public Filter(
        String userId,
        TaskStatus status,
        String taskType,
        String symbol,
        String strategy,
        Instant from,
        Instant to) {
      this(userId, status, taskType, symbol, strategy, from, to, List.of());
    }

    /** The same filter, leaving out tasks of {@code types}. */
    public Filter hiding(Collection<String> types) {
      return new Filter(userId, status, taskType, symbol, strategy, from, to, types);
    }
  }

  public List<Task> page(Filter filter, int page, int size) {
    return page(filter, TaskListQuery.Sort.NEWEST_FIRST, page, size);
  }

  private static final Set<String> NULLABLE_TIMES = Set.of("startedAt", "finishedAt");

  /** {@code sort.field()} is an entity field from {@link TaskListQuery}'s whitelist. */
  public List<Task> page(Filter filter, TaskListQuery.Sort sort, int page, int size) {
    String direction = sort.descending() ? " desc" : " asc";
    // Unstarted or unfinished tasks have no time to sort by: they go last either way. Every task
    // has a queued_at, and without the clause PostgreSQL reads a page of the newest tasks from an
    // index (backwards) instead of sorting all of a user's tasks of that status: 0.2 against 41 ms
    // a page beside 48,000 of them (issue 25).
    String nulls = NULLABLE_TIMES.contains(sort.field()) ? " nulls last" : "";
    // The page's ids first, then its rows: the database sorts narrow rows, and H2, which copies
    // every large object of the rows it sorts into its result (a write each), copies only the
    // page's results (db/vendor/h2 V17) rather than those of all of a user's finished tasks.
    TypedQuery<UUID> query =
        em.createQuery(
            "select t.id from Task t"
                + where(filter)
                + " order by t."
                + sort.field()
                + direction
                + nulls
                + ", t.queuedAt desc, t.id",
            UUID.class);
    bind(query, filter);
    return findAll(query.setFirstResult(page * size).setMaxResults(size).getResultList());
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
    // Parameters are stored as compact JSON written by the handlers, so a key and its value are
    // adjacent text; '_' and '%' in the value are escaped, '_' being common in symbols.
    if (filter.symbol() != null) {
      clauses.add("t.parametersJson like :symbol escape '!'");
    }
    if (filter.strategy() != null) {
      clauses.add("t.parametersJson like :strategy escape '!'");
    }
    if (filter.from() != null) {
      clauses.add("t.queuedAt >= :from");
    }
    if (filter.to() != null) {
      clauses.add("t.queuedAt < :to");
    }
    if (!filter.hiddenTypes().isEmpty()) {
      clauses.add("t.taskType not in :hiddenTypes");
    }
    return clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses);
  }

  static String jsonFieldPattern(String key, String value) {
    String escaped = value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    return "%\"" + key + "\":\"" + escaped + "\"%";
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
    if (filter.symbol() != null) {
      query.setParameter("symbol", jsonFieldPattern("symbol", filter.symbol()));
    }
    if (filter.strategy() != null) {
      query.setParameter("strategy", jsonFieldPattern("strategy", filter.strategy()));
    }
    if (filter.from() != null) {
      query.setParameter("from", filter.from());
    }
    if (filter.to() != null) {
      query.setParameter("to", filter.to());
    }
    if (!filter.hiddenTypes().isEmpty()) {
      query.setParameter("hiddenTypes", filter.hiddenTypes());
    }
  }

  /** The status of each of {@code ids} that exists. */
  public java.util.Map<UUID, TaskStatus> statuses(Collection<UUID> ids) {
    java.util.Map<UUID, TaskStatus> statuses = new java.util.HashMap<>();
    if (ids.isEmpty()) {
      return statuses;
    }
    for (Object[] row :
        em.createQuery("select t.id, t.status from Task t where t.id in :ids", Object[].class)
            .setParameter("ids", ids)
            .getResultList()) {
      statuses.put((UUID) row[0], (TaskStatus) row[1]);
    }
    return statuses;
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

  /**
   * The queue positions of tasks just stored (one, or a batch), read from the lane's counters
   * ({@link QueueCounts}) once per lane and priority among them: the cost does not grow with the
   * queue. A task's place is what is queued at its priority or above, less the tasks of its group
   * behind it. Tasks queued by others in the same instant may be placed a little off; the position
   * is a snapshot for the submitter, never used to order the queue.
   */
  public Map<UUID, Long> queuePositions(List<Task> stored) {
    Map<UUID, Long> positions = new HashMap<>();
    Map<Lane, Map<Integer, List<Task>>> groups = new EnumMap<>(Lane.class);
    for (Task task : stored) {
      if (task.status() == TaskStatus.QUEUED) {
        groups
            .computeIfAbsent(task.lane(), lane -> new TreeMap<>())
            .computeIfAbsent(task.priority(), p -> new ArrayList<>())
            .add(task);
      }
    }
    if (!groups.isEmpty()) {
      em.flush(); // once for all groups: the counters count what is written
    }
    groups.forEach(
        (lane, byPriority) ->
            byPriority.forEach(
                (priority, group) -> {
                  group.sort(QUEUE_ORDER);
                  // Just stored, so last of their priority: everything counted is ahead of the
                  // group or in it.
                  long through = queueCounts.atOrAbove(lane, priority);
                  for (int i = 0; i < group.size(); i++) {
                    positions.put(
                        group.get(i).id(), Math.max(i + 1, through - group.size() + i + 1));
                  }
                }));
    return positions;
  }

  /** The order of the queue within one lane: higher priority first, then first come. */
  private static final Comparator<Task> QUEUE_ORDER =
      Comparator.comparingInt(Task::priority)
          .reversed()
          .thenComparing(Task::queuedAt)
          .thenComparing(Task::id);

  /**
   * A lane's queue order, as the index task_lane_order_idx (migration V14) holds it, so a pass
   * reads the head of the queue and stops instead of sorting all of it. Lane and status are fixed
   * by the queries' conditions and change nothing in the order; named first, they let H2 see that
   * the index is already sorted (PostgreSQL sees it either way).
   */
  private static final String LANE_ORDER =
      " order by t.lane, t.status, t.priority desc, t.queuedAt, t.id";

  /** Queued tasks of a lane, from its counters: metrics and node readings ask often. */
  public long countQueued(Lane lane) {
    return queueCounts.atOrAbove(lane, Integer.MIN_VALUE);
  }

  /**
   * The head of a strict-FIFO lane in admission order, including tasks told to wait ({@code
   * not_before} in the future): nothing overtakes them.
   */
  public List<LaneEntry> laneHead(Lane lane, int limit) {
    return em.createQuery(
            "select new io.tasklane.tasks.LaneEntry(t.id, t.notBefore)"
                + " from Task t where t.lane = :lane and t.status = :queued"
                + DEPENDENCIES_COMPLETED
                + LANE_ORDER,
            LaneEntry.class)
        .setParameter("lane", lane)
        .setParameter("queued", TaskStatus.QUEUED)
        .setParameter("completed", TaskStatus.COMPLETED)
        .setMaxResults(limit)
        .getResultList();
  }

  /** The head of a lane: queued tasks that may start now, in admission order. */
  public List<QueuedTask> admissionCandidates(Lane lane, Instant now, int limit) {
    return em.createQuery(
            "select new io.tasklane.tasks.QueuedTask(t.id, t.priority, t.queuedAt,"
                + " t.estimatedCpuCores, t.estimatedRamGb)"
                + " from Task t where t.lane = :lane and t.status = :queued"
                + " and (t.notBefore is null or t.notBefore <= :now)"
                + DEPENDENCIES_COMPLETED
                + LANE_ORDER,
            QueuedTask.class)
        .setParameter("lane", lane)
        .setParameter("queued", TaskStatus.QUEUED)
        .setParameter("completed", TaskStatus.COMPLETED)
        .setParameter("now", now)
        .setMaxResults(limit)
        .getResultList();
  }

  // Dependencies and lane capacity.

  public void addDependency(UUID taskId, UUID dependsOn) {
    em.persist(new TaskDependency(taskId, dependsOn));
  }

  /**
   * The task, locked until the caller's transaction ends: a task made to depend on it is stored
   * before it can end, or sees that it ended, so no dependent misses its end.
   */
  public Optional<Task> findLocked(UUID id) {
    return Optional.ofNullable(em.find(Task.class, id, LockModeType.PESSIMISTIC_WRITE));
  }

  /** Queued tasks that wait for {@code id}. */
  public List<Task> queuedDependentsOf(UUID id) {
    return em.createQuery(
            "select t from Task t where t.status = :queued and t.id in"
                + " (select d.taskId from TaskDependency d where d.dependsOn = :id)"
                + " order by t.queuedAt, t.id",
            Task.class)
        .setParameter("queued", TaskStatus.QUEUED)
        .setParameter("id", id)
        .getResultList();
  }

  /**
   * The queued tasks of a lane held by dependencies that have not completed, with one such
   * dependency each (the latest submitted first), at most {@code limit} rows, in queue order. Only
   * tasks submitted with dependencies are looked at: on a {@code task} table PostgreSQL had not
   * analyzed yet, the join was planned from the whole queue (200 ms a call behind 460,000 queued
   * tasks), and H2 read the whole lane too; V23 indexes the flagged tasks on both.
   */
  public List<DependencyWait> dependencyWaits(Lane lane, int limit) {
    return em.createQuery(
            "select new io.tasklane.tasks.DependencyWait(t.id, p.id, p.status)"
                + " from Task t, TaskDependency d, Task p"
                + " where d.taskId = t.id and p.id = d.dependsOn and t.lane = :lane"
                + " and t.status = :queued and t.hasDependencies = true and p.status <> :completed"
                + " order by t.priority desc, t.queuedAt, t.id, p.queuedAt desc",
            DependencyWait.class)
        .setParameter("lane", lane)
        .setParameter("queued", TaskStatus.QUEUED)
        .setParameter("completed", TaskStatus.COMPLETED)
        .setMaxResults(limit)
        .getResultList();
  }

  /** The results of the tasks {@code taskId} depends on, by their ids, in submission order. */
  public Map<UUID, String> dependencyResults(UUID taskId) {
    Map<UUID, String> results = new LinkedHashMap<>();
    for (Object[] row :
        em.createQuery(
                "select p.id, p.resultJson from Task p where p.id in"
                    + " (select d.dependsOn from TaskDependency d where d.taskId = :id)"
                    + " order by p.queuedAt, p.id",
                Object[].class)
            .setParameter("id", taskId)
            .getResultList()) {
      results.put((UUID) row[0], (String) row[1]);
    }
    return results;
  }

  /** Running tasks of a type, across every instance. */
  public long countRunning(String taskType) {
    return em.createQuery(
            "select count(t) from Task t where t.taskType = :type and t.status = :running",
            Long.class)
        .setParameter("type", taskType)
        .setParameter("running", TaskStatus.RUNNING)
        .getSingleResult();
  }

  /** The type and parameters (JSON text) of each of {@code ids} that exists, in one query. */
  public Map<UUID, TypeAndParameters> typesAndParameters(Collection<UUID> ids) {
    Map<UUID, TypeAndParameters> found = new HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    for (Object[] row :
        em.createQuery(
                "select t.id, t.taskType, t.parametersJson from Task t where t.id in :ids",
                Object[].class)
            .setParameter("ids", ids)
            .getResultList()) {
      found.put((UUID) row[0], new TypeAndParameters((String) row[1], (String) row[2]));
    }
    return found;
  }

  /** What a task is asked to do: neither changes once it is stored. */
  public record TypeAndParameters(String taskType, String parametersJson) {}

  /** Ids of running tasks whose lease ran out before {@code now}, oldest first. */
  public List<UUID> expiredLeases(Instant now, int limit) {
    return em.createQuery(
            "select t.id from Task t where t.status = :running and t.leaseExpiresAt < :now order by t.leaseExpiresAt",
            UUID.class)
        .setParameter("running", TaskStatus.RUNNING)
        .setParameter("now", now)
        .setMaxResults(limit)
        .getResultList();
  }

  /** Which of {@code ids} are still running under {@code owner}'s lease. */
  public List<UUID> heldBy(String owner, Collection<UUID> ids) {
    return em.createQuery(
            "select t.id from Task t where t.id in :ids and t.status = :running and t.leaseOwner = :owner",
            UUID.class)
        .setParameter("ids", ids)
        .setParameter("running", TaskStatus.RUNNING)
        .setParameter("owner", owner)
        .getResultList();
  }

  /**
   * Of {@code ids}, those whose task still runs or ended after {@code finishedBefore}: a task id
   * not among them is missing or ended before then.
   */
  public List<UUID> unfinishedOrEndedAfter(Collection<UUID> ids, Instant finishedBefore) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return em.createQuery(
            "select t.id from Task t where t.id in :ids and (t.finishedAt is null"
                + " or t.finishedAt > :before)",
            UUID.class)
        .setParameter("ids", ids)
        .setParameter("before", finishedBefore)
        .getResultList();
  }

  /**
   * Up to {@code limit} tasks that ended before {@code cutoff}, oldest arrivals first. A task
   * arrives before it ends, so {@code queued_at < cutoff} lets the status index narrow the scan
   * (finished_at has no index of its own).
   */
  public List<UUID> finishedBefore(Instant cutoff, int limit, Collection<String> keptTypes) {
    TypedQuery<UUID> query =
        em.createQuery(
            "select t.id from Task t where t.status in :finished and t.queuedAt < :cutoff"
                + " and t.finishedAt < :cutoff"
                + (keptTypes.isEmpty() ? "" : " and t.taskType not in :kept")
                + " order by t.queuedAt",
            UUID.class);
    query.setParameter("finished", FINISHED).setParameter("cutoff", cutoff);
    if (!keptTypes.isEmpty()) {
      query.setParameter("kept", keptTypes);
    }
    return query.setMaxResults(limit).getResultList();
  }

  /**
   * Deletes these tasks if they are still finished, with their dependency rows either way (a
   * dependency that is gone no longer holds anyone: only completed ones ever reach the retention
   * age with dependents still waiting, failures having cancelled theirs); returns how many went.
   */
  public int deleteFinished(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    // Ended is final, so the ids of ended tasks stay ended; their rows go either way.
    em.createQuery("delete from TaskDependency d where d.taskId in :ids or d.dependsOn in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
    return em.createQuery("delete from Task t where t.id in :ids and t.status in :finished")
        .setParameter("ids", ids)
        .setParameter("finished", FINISHED)
        .executeUpdate();
  }

  // Unversioned updates. Each writes one or two columns with a bulk update that does not bump the
  // version: these columns change often and beside a task's life (progress while it runs, lease
  // renewals, the QuantConnect record, why it waits), and must never make a concurrent versioned
  // change (a cancel, a claim, an outcome) fail with an optimistic-lock conflict, nor be lost to
  // one. Each is guarded in SQL instead by the status (and owner) it applies to.

  /**
   * A running task's progress text (fitted to its column) and percentage, written only while {@code
   * owner} holds its lease. Returns whether it was written.
   */
  public boolean writeProgressUnversioned(
      UUID id, String owner, String description, Integer progress) {
    // Plain JDBC: Hibernate interpreted this HQL again on most calls (its interpretation cache
    // kept missing), a fifth of a tiny task's CPU (issue 25). Nothing else of the transaction is
    // pending: it is the progress report's own.
    String text = TaskText.fit(description, TaskText.DESCRIPTION);
    return em.unwrap(Session.class)
            .doReturningWork(
                connection -> {
                  try (PreparedStatement update =
                      connection.prepareStatement(
                          "update task set description = ?, progress = ?"
                              + " where id = ? and status = ? and lease_owner = ?")) {
                    update.setString(1, text);
                    if (progress == null) {
                      update.setNull(2, Types.INTEGER);
                    } else {
                      update.setInt(2, progress);
                    }
                    update.setObject(3, id);
                    update.setString(4, TaskStatus.RUNNING.name());
                    update.setString(5, owner);
                    return update.executeUpdate();
                  }
                })
        == 1;
  }

  /** Extends {@code owner}'s leases on those of {@code ids} it still runs. */
  public int renewLeasesUnversioned(String owner, Collection<UUID> ids, Instant until) {
    return em.createQuery(
            "update Task t set t.leaseExpiresAt = :until"
                + " where t.id in :ids and t.status = :running and t.leaseOwner = :owner")
        .setParameter("until", until)
        .setParameter("ids", ids)
        .setParameter("running", TaskStatus.RUNNING)
        .setParameter("owner", owner)
        .executeUpdate();
  }

  /** Why a queued task waits (fitted to its column); nothing once it left the queue. */
  public void writeBlockedReasonUnversioned(UUID id, String reason) {
    em.createQuery(
            "update Task t set t.blockedReason = :reason where t.id = :id and t.status = :queued")
        .setParameter("reason", TaskText.fit(reason, TaskText.BLOCKED_REASON))
        .setParameter("id", id)
        .setParameter("queued", TaskStatus.QUEUED)
        .executeUpdate();
  }

  /**
   * Replaces the task's QuantConnect record ({@code external_json}), whatever its status: the
   * record must outlive a cancel so the backtest it names can still be stopped.
   */
  public void writeExternalUnversioned(UUID id, String json) {
    em.createQuery("update Task t set t.externalJson = :json where t.id = :id")
        .setParameter("json", json)
        .setParameter("id", id)
        .executeUpdate();
  }

  /**
   * Ends the wait of a queued task told to wait until {@code not_before}: what it waited for is
   * over, so it may start at the next admission pass instead of sitting out its back-off.
   */
  public boolean endWaitUnversioned(UUID id, Instant now) {
    return em.createQuery(
                "update Task t set t.notBefore = null where t.id = :id and t.status = :queued"
                    + " and t.notBefore > :now")
            .setParameter("id", id)
            .setParameter("queued", TaskStatus.QUEUED)
            .setParameter("now", now)
            .executeUpdate()
        > 0;
  }
}
