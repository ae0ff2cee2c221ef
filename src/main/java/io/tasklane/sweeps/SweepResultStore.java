package io.tasklane.sweeps;

import io.tasklane.engines.RunMetrics;
import io.tasklane.system.DatabaseMigration;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Every statement on the {@code sweep_result} table. Rows are written in JDBC batches; a batch
 * first deletes the rows of its combinations, in the same transaction, so a chunk run again after a
 * crash replaces what its first run stored and no combination is ever stored twice (the primary key
 * refuses a second row even from two runs at once). Sorting and filtering take {@link Metric}s
 * only, whose columns are constants.
 */
@ApplicationScoped
@Transactional
public class SweepResultStore {
  private static final String COLUMNS =
      "combination, symbol, timeframe, params, total_return, cagr, annualised_volatility,"
          + " sharpe_ratio, sortino_ratio, max_drawdown, win_rate, exposure, trade_count,"
          + " final_equity, total_costs, oos_score, is_score, score_gap, overfit, folds";

  @Resource(lookup = DatabaseMigration.DATASOURCE)
  DataSource dataSource;

  /** A lower or upper bound on a metric; both inclusive. */
  record Bound(Metric metric, boolean lower, double value) {}

  /** Deletes every result of the sweep {@code sweepId}. */
  void deleteAll(UUID sweepId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("delete from sweep_result where sweep_id = ?")) {
      s.setObject(1, sweepId);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not delete the results of sweep " + sweepId, e);
    }
  }

  /** Stores {@code rows} (consecutive combinations), replacing any earlier rows of theirs. */
  void replace(UUID sweepId, List<SweepResult> rows) {
    if (rows.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      // The container hands this connection out in auto-commit mode, not enlisted in the caller's
      // transaction (H2 committed after each of a batch's 1,000 inserts: three quarters of an H2
      // chunk's time). One local transaction per batch: one commit, and the delete and the
      // inserts stand or fall together. An enlisted connection (auto-commit off) is left alone.
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit) {
        c.setAutoCommit(false);
      }
      try {
        deleteAndInsert(c, sweepId, rows);
        if (autoCommit) {
          c.commit();
        }
      } catch (SQLException | RuntimeException e) {
        if (autoCommit) {
          c.rollback();
        }
        throw e;
      } finally {
        if (autoCommit) {
          c.setAutoCommit(true);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not store the results of sweep " + sweepId, e);
    }
  }

  private static void deleteAndInsert(Connection c, UUID sweepId, List<SweepResult> rows)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "delete from sweep_result where sweep_id = ? and combination >= ?"
                + " and combination <= ?")) {
      s.setObject(1, sweepId);
      s.setInt(2, rows.get(0).combination());
      s.setInt(3, rows.get(rows.size() - 1).combination());
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into sweep_result (sweep_id, "
                + COLUMNS
                + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (SweepResult row : rows) {
        RunMetrics m = row.metrics();
        s.setObject(1, sweepId);
        s.setInt(2, row.combination());
        s.setString(3, row.symbol());
        s.setString(4, row.timeframe());
        s.setString(5, row.params());
        s.setDouble(6, m.totalReturn());
        setDouble(s, 7, m.cagr());
        setDouble(s, 8, m.annualisedVolatility());
        setDouble(s, 9, m.sharpeRatio());
        setDouble(s, 10, m.sortinoRatio());
        s.setDouble(11, m.maxDrawdown());
        setDouble(s, 12, m.winRate());
        s.setDouble(13, m.exposure());
        s.setInt(14, m.tradeCount());
        s.setDouble(15, m.finalEquity());
        s.setDouble(16, m.totalCosts());
        setDouble(s, 17, row.oosScore());
        setDouble(s, 18, row.isScore());
        setDouble(s, 19, row.scoreGap());
        if (row.overfit() == null) {
          s.setNull(20, Types.BOOLEAN);
        } else {
          s.setBoolean(20, row.overfit());
        }
        s.setString(21, row.folds());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  long count(UUID sweepId, List<Bound> bounds) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select count(*) from sweep_result where sweep_id = ?" + where(bounds))) {
      bind(s, sweepId, bounds);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not count the results of sweep " + sweepId, e);
    }
  }

  /**
   * A page of results within {@code bounds}, by {@code sort} (missing figures last), then by
   * combination; {@code sort} null for combination order.
   */
  List<SweepResult> page(
      UUID sweepId, List<Bound> bounds, Metric sort, boolean ascending, long offset, int size) {
    String order =
        (sort == null ? "" : sort.column() + (ascending ? " asc" : " desc") + " nulls last, ")
            + "combination";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select "
                    + COLUMNS
                    + " from sweep_result where sweep_id = ?"
                    + where(bounds)
                    + " order by "
                    + order
                    + " offset "
                    + offset
                    + " rows fetch next "
                    + size
                    + " rows only")) {
      bind(s, sweepId, bounds);
      List<SweepResult> rows = new ArrayList<>(size);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(row(rs));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the results of sweep " + sweepId, e);
    }
  }

  private static String where(List<Bound> bounds) {
    StringBuilder where = new StringBuilder();
    for (Bound bound : bounds) {
      where
          .append(" and ")
          .append(bound.metric().column())
          .append(bound.lower() ? " >= ?" : " <= ?");
    }
    return where.toString();
  }

  private static void bind(PreparedStatement s, UUID sweepId, List<Bound> bounds)
      throws SQLException {
    s.setObject(1, sweepId);
    for (int i = 0; i < bounds.size(); i++) {
      s.setDouble(i + 2, bounds.get(i).value());
    }
  }

  private static SweepResult row(ResultSet rs) throws SQLException {
    RunMetrics metrics =
        new RunMetrics(
            rs.getDouble(5),
            getDouble(rs, 6),
            getDouble(rs, 7),
            getDouble(rs, 8),
            getDouble(rs, 9),
            rs.getDouble(10),
            getDouble(rs, 11),
            rs.getDouble(12),
            rs.getInt(13),
            rs.getDouble(14),
            rs.getDouble(15));
    boolean overfit = rs.getBoolean(19);
    Boolean overfitOrNull = rs.wasNull() ? null : overfit;
    return new SweepResult(
        rs.getInt(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        metrics,
        getDouble(rs, 16),
        getDouble(rs, 17),
        getDouble(rs, 18),
        overfitOrNull,
        rs.getString(20));
  }

  private static void setDouble(PreparedStatement s, int index, Double value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.DOUBLE);
    } else {
      s.setDouble(index, value);
    }
  }

  private static Double getDouble(ResultSet rs, int index) throws SQLException {
    double value = rs.getDouble(index);
    return rs.wasNull() ? null : value;
  }
}
