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
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.hibernate.action.spi.BeforeTransactionCompletionProcess;
import org.hibernate.engine.spi.SessionImplementor;

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
  /**
   * PostgreSQL channel on which the relays of all instances are woken: by the database itself, a
   * statement trigger on task_event (migration V21), so a writer spends no round trip on it.
   */
  static final String CHANNEL = "tasklane_task_events";

  /** Key of this transaction's {@link PendingEvents}. */
  private static final Object PENDING = new Object();

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

  /**
   * Queues the row for the end of the transaction: all rows of one transaction go to the database
   * in one JDBC batch just before it commits, after Hibernate's own flush. A batch of a thousand
   * tasks thus costs one round trip for its events, no statement of its own forces a flush of
   * everything the transaction holds (which made a batch's cost grow with the square of its size),
   * and the ids are taken moments before the commit, which keeps the holes the relay waits at
   * short. A failing insert fails the commit, so an event still exists exactly when its change
   * does.
   */
  private void write(Instant timestamp, String userId, String payload) {
    PendingEvents pending = (PendingEvents) transaction.getResource(PENDING);
    if (pending == null) {
      pending = new PendingEvents();
      transaction.putResource(PENDING, pending);
      em.joinTransaction();
      em.unwrap(SessionImplementor.class).getActionQueue().registerProcess(pending);
    }
    pending.add(timestamp, userId, payload);
  }

  /** One transaction's events, inserted together before it completes. */
  private static final class PendingEvents implements BeforeTransactionCompletionProcess {
    private record Row(Instant timestamp, String userId, String payload) {}

    private final List<Row> rows = new ArrayList<>();

    void add(Instant timestamp, String userId, String payload) {
      rows.add(new Row(timestamp, userId, payload));
    }

    @Override
    public void doBeforeTransactionCompletion(SessionImplementor session) {
      if (rows.isEmpty()) {
        return;
      }
      session.doWork(
          connection -> {
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "insert into task_event (created_at, user_id, payload) values (?, ?, ?)")) {
              for (Row row : rows) {
                insert.setObject(1, OffsetDateTime.ofInstant(row.timestamp(), ZoneOffset.UTC));
                insert.setString(2, row.userId());
                insert.setString(3, row.payload());
                insert.addBatch();
              }
              insert.executeBatch();
            }
          });
    }
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
