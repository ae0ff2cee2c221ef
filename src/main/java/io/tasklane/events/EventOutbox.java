package io.tasklane.events;

import io.tasklane.pipelines.PipelineEvent;
import io.tasklane.sweeps.SweepEvent;
import io.tasklane.system.DatabaseConfig;
import io.tasklane.tasks.TaskEvent;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The {@code task_event} table: every task event is written in the transaction that made the change
 * (so it exists exactly when the change committed, whichever instance made it), read back in id
 * order by each instance's relay, replayed to reconnecting clients, and pruned once it is both
 * older than the retention time and beyond the retained count.
 */
@ApplicationScoped
// Reads run in a short transaction of their own: a transaction-scoped EntityManager is closed
// outside one on managed executor threads.
@Transactional
public class EventOutbox {
  /** PostgreSQL channel on which writers wake the relays of all instances. */
  static final String CHANNEL = "tasklane_task_events";

  /** Key of this transaction's "relays already notified" mark. */
  private static final Object NOTIFIED = new Object();

  @PersistenceContext EntityManager em;

  @Resource TransactionSynchronizationRegistry transaction;

  @Inject @ConfigProperties DatabaseConfig database;

  /** Synchronous observer: runs inside the transaction that fired the event, and fails with it. */
  void record(@Observes TaskEvent event) {
    write(event.timestamp(), event.userId(), WireEvents.of(event));
  }

  /** A sweep's events travel the same way, to the same audience: its owner and the admins. */
  void record(@Observes SweepEvent event) {
    write(event.timestamp(), event.userId(), WireEvents.of(event));
  }

  /** A pipeline's step or end, for its owner and admins, in the transaction that recorded it. */
  void record(@Observes PipelineEvent event) {
    write(event.timestamp(), event.userId(), WireEvents.of(event));
  }

  private void write(Instant timestamp, String userId, String payload) {
    em.createNativeQuery(
            "insert into task_event (created_at, user_id, payload) values (?1, ?2, ?3)")
        .setParameter(1, timestamp)
        .setParameter(2, userId)
        .setParameter(3, payload)
        .executeUpdate();
    if (onPostgres() && firstInTransaction()) {
      // Delivered at commit, and only if it commits. PostgreSQL folds identical notifications of
      // one transaction into one, but each would still cost a round trip: a batch of a thousand
      // tasks sends one.
      em.createNativeQuery("select pg_notify('" + CHANNEL + "', '')").getSingleResult();
    }
  }

  /** True the first time it is asked in the current transaction. */
  private boolean firstInTransaction() {
    if (transaction.getResource(NOTIFIED) != null) {
      return false;
    }
    transaction.putResource(NOTIFIED, Boolean.TRUE);
    return true;
  }

  boolean onPostgres() {
    return database.postgres();
  }

  /** Committed rows after {@code id}, in id order, at most {@code limit}. */
  public List<StoredEvent> after(long id, int limit) {
    return rows(
        em.createNativeQuery(
                "select id, user_id, payload from task_event where id > ?1 order by id")
            .setParameter(1, id)
            .setMaxResults(limit));
  }

  /**
   * The events a reconnecting client missed: after {@code fromId} up to and including {@code toId},
   * only {@code userId}'s unless null, at most {@code limit}.
   */
  public List<StoredEvent> between(long fromId, long toId, String userId, int limit) {
    Query query =
        em.createNativeQuery(
                "select id, user_id, payload from task_event where id > ?1 and id <= ?2"
                    + (userId == null ? "" : " and user_id = ?3")
                    + " order by id")
            .setParameter(1, fromId)
            .setParameter(2, toId);
    if (userId != null) {
      query.setParameter(3, userId);
    }
    return rows(query.setMaxResults(limit));
  }

  /** The highest id written so far, or 0. */
  public long latestId() {
    return number(em.createNativeQuery("select max(id) from task_event").getSingleResult());
  }

  /** The lowest id still kept, or 0 when the table is empty. */
  public long oldestId() {
    return number(em.createNativeQuery("select min(id) from task_event").getSingleResult());
  }

  /**
   * Deletes events older than {@code before} that are not among the newest {@code keep}; returns
   * how many went.
   */
  public int prune(Instant before, long keep) {
    long newest = latestId();
    return em.createNativeQuery("delete from task_event where id <= ?1 and created_at < ?2")
        .setParameter(1, newest - keep)
        .setParameter(2, before)
        .executeUpdate();
  }

  /**
   * Deletes, of the {@code limit} oldest events, those written before {@code before} (the retention
   * of finished tasks, whatever the retained count says); returns how many went. Bounded by id so
   * that one call never holds many row locks.
   */
  public int deleteOlderThan(Instant before, int limit) {
    long oldest = oldestId();
    return em.createNativeQuery("delete from task_event where id < ?1 and created_at < ?2")
        .setParameter(1, oldest + limit)
        .setParameter(2, before)
        .executeUpdate();
  }

  @SuppressWarnings("unchecked")
  private static List<StoredEvent> rows(Query query) {
    List<Object[]> rows = query.getResultList();
    return rows.stream()
        .map(r -> new StoredEvent(number(r[0]), (String) r[1], (String) r[2]))
        .toList();
  }

  private static long number(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }
}
