package io.tasklane.models;

import io.tasklane.system.DatabaseMigration;
import io.tasklane.tasks.TransientTaskFailure;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The model store. A model's version is one more than the highest of its name; two trainings of one
 * name at the same moment collide on the (name, version) key and the loser is retried by the
 * scheduler, so versions never repeat.
 */
@ApplicationScoped
@Transactional
public class TrainedModels {
  private static final String COLUMNS =
      "id, name, version, symbol, timeframe, algorithm, features, hyperparameters_json,"
          + " metrics_json, train_start, train_end, test_start, test_end, train_rows, test_rows,"
          + " task_id, created_by, created_at, shared";

  /** {@link ModelViewer#sees} in SQL, for a viewer who is not an admin. */
  private static final String VISIBLE = "(shared = true or created_by = ?)";

  @Resource(lookup = DatabaseMigration.DATASOURCE)
  DataSource dataSource;

  /** Stores {@code model} under the next version of its name and returns it with that version. */
  public TrainedModel add(TrainedModel model) {
    try (Connection c = dataSource.getConnection()) {
      int version;
      try (PreparedStatement s =
          c.prepareStatement("select max(version) from trained_model where name = ?")) {
        s.setString(1, model.name());
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          version = rs.getInt(1) + 1;
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into trained_model ("
                  + COLUMNS
                  + ", model_bytes) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                  + " ?, ?)")) {
        s.setObject(1, model.id());
        s.setString(2, model.name());
        s.setInt(3, version);
        s.setString(4, model.symbol());
        s.setString(5, model.timeframe());
        s.setString(6, model.algorithm());
        s.setString(7, String.join(",", model.features()));
        s.setString(8, model.hyperparameters().toString());
        s.setString(9, model.metrics().toString());
        s.setLong(10, model.trainStart().getEpochSecond());
        s.setLong(11, model.trainEnd().getEpochSecond());
        s.setLong(12, model.testStart().getEpochSecond());
        s.setLong(13, model.testEnd().getEpochSecond());
        s.setInt(14, model.trainRows());
        s.setInt(15, model.testRows());
        s.setObject(16, model.taskId());
        s.setString(17, model.createdBy());
        s.setTimestamp(18, Timestamp.from(model.createdAt()));
        s.setBoolean(19, model.shared());
        s.setBytes(20, model.modelBytes());
        s.executeUpdate();
      }
      return find(c, "id = ?", model.id(), true).orElseThrow();
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        throw new TransientTaskFailure(
            "Another training stored a version of " + model.name() + " at the same moment", e);
      }
      throw new IllegalStateException("Storing model " + model.name() + " failed: " + e, e);
    }
  }

  /** A model with its bytes. */
  public Optional<TrainedModel> find(UUID id) {
    try (Connection c = dataSource.getConnection()) {
      return find(c, "id = ?", id, true);
    } catch (SQLException e) {
      throw new IllegalStateException("Reading model " + id + " failed: " + e, e);
    }
  }

  /**
   * The newest model trained on a symbol and timeframe that {@code viewer} sees, with its bytes.
   */
  public Optional<TrainedModel> latest(String symbol, String timeframe, ModelViewer viewer) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select id from trained_model where symbol = ? and timeframe = ?"
                    + (viewer.admin() ? "" : " and " + VISIBLE)
                    + " order by created_at desc, version desc")) {
      s.setString(1, symbol);
      s.setString(2, timeframe);
      if (!viewer.admin()) {
        s.setString(3, viewer.name());
      }
      s.setMaxRows(1);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return find(c, "id = ?", rs.getObject(1, UUID.class), true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Reading models of " + symbol + " failed: " + e, e);
    }
  }

  /** Every model {@code viewer} sees, without the bytes, newest first (at most 500). */
  public List<TrainedModel> list(ModelViewer viewer) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select "
                    + COLUMNS
                    + " from trained_model"
                    + (viewer.admin() ? "" : " where " + VISIBLE)
                    + " order by created_at desc, version desc")) {
      if (!viewer.admin()) {
        s.setString(1, viewer.name());
      }
      s.setMaxRows(500);
      List<TrainedModel> models = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          models.add(model(rs, null));
        }
      }
      return models;
    } catch (SQLException e) {
      throw new IllegalStateException("Listing models failed: " + e, e);
    }
  }

  /** Shares a model with every user, or takes that back; empty if there is no such model. */
  public Optional<TrainedModel> share(UUID id, boolean shared) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s =
          c.prepareStatement("update trained_model set shared = ? where id = ?")) {
        s.setBoolean(1, shared);
        s.setObject(2, id);
        if (s.executeUpdate() == 0) {
          return Optional.empty();
        }
      }
      return find(c, "id = ?", id, false);
    } catch (SQLException e) {
      throw new IllegalStateException("Sharing model " + id + " failed: " + e, e);
    }
  }

  /** Stores one prediction task's probabilities, replacing those of an earlier attempt. */
  public void savePredictions(
      UUID taskId, UUID modelId, String symbol, String timeframe, long[] times, float[] p) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s = c.prepareStatement("delete from prediction where task_id = ?")) {
        s.setObject(1, taskId);
        s.executeUpdate();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into prediction (task_id, model_id, symbol, timeframe, bar_time,"
                  + " probability_up) values (?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < times.length; i++) {
          s.setObject(1, taskId);
          s.setObject(2, modelId);
          s.setString(3, symbol);
          s.setString(4, timeframe);
          s.setLong(5, times[i]);
          s.setDouble(6, p[i]);
          s.addBatch();
          if (i % 1_000 == 999) {
            s.executeBatch();
          }
        }
        s.executeBatch();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Storing predictions failed: " + e, e);
    }
  }

  /** Deletes the stored predictions of these (prediction) tasks; returns how many rows went. */
  public int deletePredictions(List<UUID> taskIds) {
    if (taskIds.isEmpty()) {
      return 0;
    }
    String marks = String.join(", ", Collections.nCopies(taskIds.size(), "?"));
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("delete from prediction where task_id in (" + marks + ")")) {
      for (int i = 0; i < taskIds.size(); i++) {
        s.setObject(i + 1, taskIds.get(i));
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Deleting predictions failed: " + e, e);
    }
  }

  private static Optional<TrainedModel> find(
      Connection c, String where, Object value, boolean withBytes) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "select "
                + COLUMNS
                + (withBytes ? ", model_bytes" : "")
                + " from trained_model where "
                + where)) {
      s.setObject(1, value);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(model(rs, withBytes ? rs.getBytes(20) : null));
      }
    }
  }

  private static TrainedModel model(ResultSet rs, byte[] bytes) throws SQLException {
    return new TrainedModel(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getInt(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        Arrays.asList(rs.getString(7).split(",")),
        json(rs.getString(8)),
        json(rs.getString(9)),
        Instant.ofEpochSecond(rs.getLong(10)),
        Instant.ofEpochSecond(rs.getLong(11)),
        Instant.ofEpochSecond(rs.getLong(12)),
        Instant.ofEpochSecond(rs.getLong(13)),
        rs.getInt(14),
        rs.getInt(15),
        rs.getObject(16, UUID.class),
        rs.getString(17),
        rs.getTimestamp(18).toInstant(),
        rs.getBoolean(19),
        bytes);
  }

  private static JsonObject json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }
}
