package io.tasklane.sweeps;

import io.tasklane.system.DatabaseMigration;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Every statement on the {@code sweep} and {@code sweep_chunk} tables. */
@ApplicationScoped
@Transactional
public class SweepStore {
  private static final String COLUMNS =
      "id, user_id, status, strategy, definition, combinations, rank_by, walk_forward,"
          + " created_at, finished_at";

  @Resource(lookup = DatabaseMigration.DATASOURCE)
  DataSource dataSource;

  void add(Sweep sweep) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into sweep (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        s.setObject(1, sweep.id());
        s.setString(2, sweep.userId());
        s.setString(3, sweep.status());
        s.setString(4, sweep.strategy());
        s.setString(5, sweep.definition());
        s.setInt(6, sweep.combinations());
        s.setString(7, sweep.rankBy());
        s.setBoolean(8, sweep.walkForward());
        s.setTimestamp(9, Timestamp.from(sweep.createdAt()));
        s.setTimestamp(10, null);
        s.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not store sweep " + sweep.id(), e);
    }
  }

  void addChunks(UUID sweepId, List<Sweep.Chunk> chunks) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into sweep_chunk (task_id, sweep_id, first_combination, size)"
                  + " values (?, ?, ?, ?)")) {
        for (Sweep.Chunk chunk : chunks) {
          s.setObject(1, chunk.taskId());
          s.setObject(2, sweepId);
          s.setInt(3, chunk.first());
          s.setInt(4, chunk.size());
          s.addBatch();
        }
        s.executeBatch();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not store the chunks of sweep " + sweepId, e);
    }
  }

  Optional<Sweep> find(UUID id) {
    List<Sweep> found = query("select " + COLUMNS + " from sweep where id = ?", 1, id);
    return found.stream().findFirst();
  }

  /** Newest first; {@code userId} null for everyone's. */
  List<Sweep> page(String userId, int page, int size) {
    String where = userId == null ? "" : " where user_id = ?";
    String sql =
        "select "
            + COLUMNS
            + " from sweep"
            + where
            + " order by created_at desc, id offset "
            + ((long) page * size)
            + " rows fetch next "
            + size
            + " rows only";
    return userId == null ? query(sql, size) : query(sql, size, userId);
  }

  long count(String userId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select count(*) from sweep" + (userId == null ? "" : " where user_id = ?"))) {
      if (userId != null) {
        s.setString(1, userId);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not count sweeps", e);
    }
  }

  List<Sweep.Chunk> chunks(UUID sweepId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select task_id, first_combination, size from sweep_chunk where sweep_id = ?"
                    + " order by first_combination")) {
      s.setObject(1, sweepId);
      List<Sweep.Chunk> chunks = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          chunks.add(new Sweep.Chunk(rs.getObject(1, UUID.class), rs.getInt(2), rs.getInt(3)));
        }
      }
      return chunks;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the chunks of sweep " + sweepId, e);
    }
  }

  /** The sweep a chunk task belongs to, if it is one. */
  Optional<UUID> sweepOfChunk(UUID taskId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("select sweep_id from sweep_chunk where task_id = ?")) {
      s.setObject(1, taskId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the chunk of task " + taskId, e);
    }
  }

  /** Ends a running sweep; false if it had already ended (another instance, a cancel). */
  boolean finish(UUID id, String status, Instant at) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "update sweep set status = ?, finished_at = ? where id = ? and status = ?")) {
      s.setString(1, status);
      s.setTimestamp(2, Timestamp.from(at));
      s.setObject(3, id);
      s.setString(4, Sweep.RUNNING);
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not finish sweep " + id, e);
    }
  }

  /** Up to {@code limit} sweeps that ended before {@code cutoff}, oldest first. */
  List<UUID> endedBefore(Instant cutoff, int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select id from sweep where status <> ? and finished_at < ? order by finished_at")) {
      s.setString(1, Sweep.RUNNING);
      s.setTimestamp(2, Timestamp.from(cutoff));
      s.setMaxRows(limit);
      List<UUID> ids = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the ended sweeps", e);
    }
  }

  /** Deletes the sweep {@code id} and its chunk rows (its results first: they refer to it). */
  void delete(UUID id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement chunks =
            c.prepareStatement("delete from sweep_chunk where sweep_id = ?");
        PreparedStatement sweep = c.prepareStatement("delete from sweep where id = ?")) {
      chunks.setObject(1, id);
      chunks.executeUpdate();
      sweep.setObject(1, id);
      sweep.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not delete sweep " + id, e);
    }
  }

  private List<Sweep> query(String sql, int limit, Object... parameters) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      s.setMaxRows(limit);
      List<Sweep> sweeps = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Timestamp finished = rs.getTimestamp(10);
          sweeps.add(
              new Sweep(
                  rs.getObject(1, UUID.class),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getInt(6),
                  rs.getString(7),
                  rs.getBoolean(8),
                  rs.getTimestamp(9).toInstant(),
                  finished == null ? null : finished.toInstant()));
        }
      }
      return sweeps;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read sweeps", e);
    }
  }
}
