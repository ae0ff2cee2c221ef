package io.tasklane.tasks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import org.h2.api.Trigger;

/**
 * H2's side of the queue counters (migration V13): appends a task's entry into or exit from its
 * lane's queue to {@code queue_count_change}, as PostgreSQL's PL/pgSQL trigger does. H2 calls it
 * for every inserted, updated and deleted task row, in the statement's transaction.
 */
public class QueueCountTrigger implements Trigger {
  private static final String QUEUED = TaskStatus.QUEUED.name();

  private int lane = -1;
  private int status = -1;
  private int priority = -1;

  @Override
  public void init(
      Connection conn, String schema, String trigger, String table, boolean before, int type)
      throws SQLException {
    try (ResultSet columns = conn.getMetaData().getColumns(null, schema, table, null)) {
      while (columns.next()) {
        int index = columns.getInt("ORDINAL_POSITION") - 1;
        switch (columns.getString("COLUMN_NAME").toLowerCase(Locale.ROOT)) {
          case "lane" -> lane = index;
          case "status" -> status = index;
          case "priority" -> priority = index;
          default -> {}
        }
      }
    }
    if (lane < 0 || status < 0 || priority < 0) {
      throw new SQLException(table + " lacks lane, status or priority: no queue counts for it");
    }
  }

  @Override
  public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
    boolean wasQueued = oldRow != null && QUEUED.equals(oldRow[status]);
    boolean isQueued = newRow != null && QUEUED.equals(newRow[status]);
    if (wasQueued
        && isQueued
        && Objects.equals(oldRow[lane], newRow[lane])
        && Objects.equals(oldRow[priority], newRow[priority])) {
      return; // same place in the queue: a progress report, a note, a lease
    }
    if (wasQueued) {
      append(conn, oldRow, -1);
    }
    if (isQueued) {
      append(conn, newRow, 1);
    }
  }

  private void append(Connection conn, Object[] row, int delta) throws SQLException {
    try (PreparedStatement insert =
        conn.prepareStatement(
            "insert into queue_count_change (lane, priority, delta) values (?, ?, ?)")) {
      insert.setString(1, (String) row[lane]);
      insert.setInt(2, ((Number) row[priority]).intValue());
      insert.setInt(3, delta);
      insert.executeUpdate();
    }
  }
}
