package io.tasklane.tasks;

import io.tasklane.system.DatabaseConfig;
import io.tasklane.system.DatabaseMigration;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.hibernate.Session;

/**
 * Queued tasks per lane and priority, kept by the database's triggers on {@code task} (migrations
 * V13 and, on PostgreSQL, V19): a new task's queue position is a sum over a lane's few counter rows
 * and the changes not folded yet, so submitting costs the same behind ten queued tasks as behind a
 * hundred thousand. Its answers are exact: the counters change in the transactions that change the
 * tasks.
 */
@ApplicationScoped
@Transactional
public class QueueCounts {
  /**
   * Folded changes after which PostgreSQL's copies of them are reclaimed: a position's sum reads
   * every dead change left in the table's index until a vacuum removes it (77 us a sum with up to
   * 5,000 of them in a burst of single POSTs), and a vacuum that keeps the table's pages (V20)
   * costs a few milliseconds.
   */
  static final long RECLAIM_AFTER = 1_000;

  @Resource(lookup = DatabaseMigration.DATASOURCE)
  DataSource dataSource;

  @Inject @ConfigProperties DatabaseConfig database;

  @PersistenceContext EntityManager em;

  /** Changes this instance folded since it last reclaimed their space: when to, nothing more. */
  private final AtomicLong foldedSinceReclaim = new AtomicLong();

  /**
   * Queued tasks of {@code lane} with at least {@code priority}, as written so far: the triggers
   * count what is flushed, not what the session holds, so a caller counting its own new tasks
   * flushes first. A new task's position among them is this count, ties being first come.
   */
  public long atOrAbove(Lane lane, int priority) {
    Number sum =
        (Number)
            em.createNativeQuery(
                    "select coalesce(sum(n), 0) from (select queued as n from queue_count where"
                        + " lane = ?1 and priority >= ?2 union all select delta from"
                        + " queue_count_change where lane = ?1 and priority >= ?2) counted")
                .setParameter(1, lane.name())
                .setParameter(2, priority)
                .getSingleResult();
    return sum.longValue();
  }

  /**
   * Folds the changes appended so far into the counters, in one transaction: readers see either the
   * changes or their sum, never both or neither. Instances may fold at the same time; each change
   * is deleted, and so counted, by one of them.
   */
  public void fold() {
    int taken = em.unwrap(Session.class).doReturningWork(QueueCounts::fold);
    if (!database.h2()) { // H2 keeps no deleted rows in its tables
      foldedSinceReclaim.addAndGet(taken);
    }
  }

  /**
   * On PostgreSQL, once enough changes were folded, vacuums their table: a deleted change stays in
   * the table and its index until then, and a position's sum reads through every one of them. An
   * autovacuum comes at most once a minute, while a burst of submissions leaves hundreds of
   * thousands behind (21 ms a sum behind 460,000, issue 25). Outside a transaction, which VACUUM
   * cannot run in; an instance that finds another vacuuming the table skips it. It never truncates
   * the table (V20), which would lock out every submission's trigger.
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public void reclaimFolded() {
    long folded = foldedSinceReclaim.get();
    if (folded < RECLAIM_AFTER) {
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      vacuumChanges(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("could not vacuum the folded queue count changes", e);
    }
    foldedSinceReclaim.addAndGet(-folded);
  }

  /** PostgreSQL only. */
  static void vacuumChanges(Connection connection) throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.setAutoCommit(true);
    }
    try (Statement vacuum = connection.createStatement()) {
      vacuum.execute("vacuum (skip_locked) queue_count_change");
    }
  }

  /** The changes taken, and now counted in {@code queue_count}. */
  static int fold(Connection connection) throws SQLException {
    boolean h2 = connection.getMetaData().getDatabaseProductName().startsWith("H2");
    // Counter rows are locked in one order by every fold, so two instances folding at once wait
    // for each other instead of deadlocking.
    Map<Place, Long> sums =
        new TreeMap<>(Comparator.comparing(Place::lane).thenComparingInt(Place::priority));
    int taken = 0;
    try (PreparedStatement changes =
            connection.prepareStatement(
                h2
                    ? "select lane, priority, delta from old table (delete from queue_count_change)"
                    : "delete from queue_count_change returning lane, priority, delta");
        ResultSet rows = changes.executeQuery()) {
      while (rows.next()) {
        taken++;
        sums.merge(new Place(rows.getString(1), rows.getInt(2)), rows.getLong(3), Long::sum);
      }
    }
    for (Map.Entry<Place, Long> sum : sums.entrySet()) {
      if (sum.getValue() != 0) {
        add(connection, sum.getKey(), sum.getValue());
      }
    }
    return taken;
  }

  // Two instances folding the same new place both insert: one fails on the key and rolls back
  // its whole fold, changes included, which the next fold counts.
  private static void add(Connection connection, Place place, long delta) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "update queue_count set queued = queued + ? where lane = ? and priority = ?")) {
      update.setLong(1, delta);
      update.setString(2, place.lane());
      update.setInt(3, place.priority());
      if (update.executeUpdate() > 0) {
        // A priority nobody queues at any more leaves no row behind.
        try (PreparedStatement empty =
            connection.prepareStatement(
                "delete from queue_count where lane = ? and priority = ? and queued = 0")) {
          empty.setString(1, place.lane());
          empty.setInt(2, place.priority());
          empty.executeUpdate();
        }
        return;
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "insert into queue_count (lane, priority, queued) values (?, ?, ?)")) {
      insert.setString(1, place.lane());
      insert.setInt(2, place.priority());
      insert.setLong(3, delta);
      insert.executeUpdate();
    }
  }

  private record Place(String lane, int priority) {}
}
