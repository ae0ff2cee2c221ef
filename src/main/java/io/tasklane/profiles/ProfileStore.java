package io.tasklane.profiles;

import io.tasklane.system.DatabaseMigration;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.hibernate.Session;

/** Every statement on the {@code resource_profile} table: one row per measured task. */
@ApplicationScoped
@Transactional
public class ProfileStore {
  @Resource(lookup = DatabaseMigration.DATASOURCE)
  DataSource dataSource;

  @PersistenceContext EntityManager em;

  /**
   * Stores finished tasks' measurements in the caller's transaction, as one JDBC batch: they are
   * written with the outcomes they measure, so a group commit of many small tasks adds no
   * transaction of its own. Rows beyond the kept count are deleted by {@link #pruneBeyond} on a
   * schedule, not here: a select and a delete per completed task cost throughput.
   */
  public void addAll(List<ResourceProfiles.Measurement> measurements, Instant at) {
    if (measurements.isEmpty()) {
      return;
    }
    em.unwrap(Session.class).doWork(c -> insert(c, measurements, at));
  }

  /**
   * The rows go in with the outcomes, so nothing in them may fail the insert: the strategy and
   * timeframe a task's parameters name are clipped to their columns.
   */
  static void insert(Connection c, List<ResourceProfiles.Measurement> measurements, Instant at)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into resource_profile (id, task_type, size_bucket, bars, strategy,"
                + " timeframe, rounds, cpu_ms, thread_cpu_ms, process_cpu_ms, wall_ms,"
                + " allocated_bytes, finished_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?)")) {
      Timestamp finishedAt = Timestamp.from(at);
      for (ResourceProfiles.Measurement m : measurements) {
        TaskSize size = m.size();
        UsageMeter.Usage usage = m.usage();
        s.setObject(1, UUID.randomUUID());
        s.setString(2, m.taskType());
        s.setInt(3, size.bucket());
        s.setLong(4, size.bars());
        s.setString(5, clip(size.strategy(), 64));
        s.setString(6, clip(size.timeframe(), 8));
        if (size.rounds() == null) {
          s.setNull(7, Types.INTEGER);
        } else {
          s.setInt(7, size.rounds());
        }
        s.setDouble(8, m.cpuMs());
        s.setDouble(9, usage.threadCpuMs());
        s.setDouble(10, usage.processCpuMs());
        s.setDouble(11, usage.wallMs());
        s.setLong(12, usage.allocatedBytes());
        s.setTimestamp(13, finishedAt);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static String clip(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }

  /**
   * Deletes, per task type and size bucket, the rows beyond the {@code kept} most recent; returns
   * how many went.
   */
  public int pruneBeyond(int kept) {
    try (Connection c = dataSource.getConnection()) {
      List<Object[]> crowded = new ArrayList<>();
      try (PreparedStatement s =
          c.prepareStatement(
              "select task_type, size_bucket from resource_profile group by task_type,"
                  + " size_bucket having count(*) > ?")) {
        s.setInt(1, kept);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            crowded.add(new Object[] {rs.getString(1), rs.getInt(2)});
          }
        }
      }
      int deleted = 0;
      for (Object[] bucket : crowded) {
        deleted += prune(c, (String) bucket[0], (Integer) bucket[1], kept);
      }
      return deleted;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not prune the resource profiles", e);
    }
  }

  private static int prune(Connection c, String taskType, int bucket, int kept)
      throws SQLException {
    Timestamp oldestKept;
    try (PreparedStatement s =
        c.prepareStatement(
            "select finished_at from resource_profile where task_type = ? and size_bucket = ?"
                + " order by finished_at desc offset ? rows fetch next 1 rows only")) {
      s.setString(1, taskType);
      s.setInt(2, bucket);
      s.setInt(3, Math.max(0, kept - 1));
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return 0;
        }
        oldestKept = rs.getTimestamp(1);
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "delete from resource_profile where task_type = ? and size_bucket = ?"
                + " and finished_at < ?")) {
      s.setString(1, taskType);
      s.setInt(2, bucket);
      s.setTimestamp(3, oldestKept);
      return s.executeUpdate();
    }
  }

  /**
   * Every kept measurement, as the estimator reads them; in a transaction of its own, so that a
   * failed read never rolls back the submission that asked for an estimate.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public List<ProfileEstimator.Sample> samples() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select task_type, bars, cpu_ms, wall_ms, allocated_bytes from resource_profile");
        ResultSet rs = s.executeQuery()) {
      List<ProfileEstimator.Sample> samples = new ArrayList<>();
      while (rs.next()) {
        samples.add(
            new ProfileEstimator.Sample(
                rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getLong(5)));
      }
      return samples;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the resource profiles", e);
    }
  }

  /** Forgets every measurement; returns how many there were. */
  public int clear() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("delete from resource_profile")) {
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not delete the resource profiles", e);
    }
  }
}
