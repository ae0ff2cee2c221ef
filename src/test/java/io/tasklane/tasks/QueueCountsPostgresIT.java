package io.tasklane.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tasklane.support.MigratedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The queue counters on PostgreSQL: its PL/pgSQL triggers (V13, and V19's one change a statement
 * for inserts), the fold, and the vacuum that reclaims folded changes (V20: without truncating the
 * table). Each test has a database of its own ({@link MigratedPostgres}). Needs no server; runs in
 * the PostgreSQL execution of the integration tests.
 */
class QueueCountsPostgresIT extends QueueCountsContract {
  private MigratedPostgres database;

  @Override
  protected Connection migrated() throws SQLException {
    assumeTrue(MigratedPostgres.available(), "runs on PostgreSQL");
    database = MigratedPostgres.create("queue_counts");
    return database.connect();
  }

  @Override
  protected void drop() throws SQLException {
    if (connection != null) {
      connection.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void a_statement_inserting_many_tasks_adds_one_change_a_place() throws SQLException {
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 53; i++) {
      String lane = i < 45 ? "LOCAL" : "QUANTCONNECT";
      int priority = i < 30 ? 0 : 5;
      String status = i >= 50 ? "COMPLETED" : "QUEUED";
      rows.append(i == 0 ? "" : ",")
          .append("('")
          .append(UUID.randomUUID())
          .append("', 'backtest', '")
          .append(lane)
          .append("', '")
          .append(status)
          .append("', ")
          .append(priority)
          .append(", 'alice', '{}', 1, 0.5, 0, 3, 600, now(), 0)");
    }
    try (Statement insert = connection.createStatement()) {
      insert.executeUpdate(
          "insert into task (id, task_type, lane, status, priority, user_id, parameters_json,"
              + " estimated_cpu_cores, estimated_ram_gb, attempts, max_attempts, timeout_seconds,"
              + " queued_at, version) values "
              + rows);
    }

    assertEquals(3, single("select count(*) from queue_count_change"));
    assertEquals(45, counted("LOCAL", 0));
    assertEquals(15, counted("LOCAL", 5));
    assertEquals(5, counted("QUANTCONNECT", 5));
    assertEquals(exact("QUANTCONNECT", 0), counted("QUANTCONNECT", 0));
    QueueCounts.fold(connection);
    assertEquals(45, counted("LOCAL", 0));
  }

  @Test
  void reclaiming_keeps_folded_changes_from_piling_up() throws SQLException {
    for (int round = 0; round < 10; round++) {
      insertSingly(400);
      QueueCounts.fold(connection);
      QueueCounts.vacuumChanges(connection);
    }
    long reclaimed = single("select pg_relation_size('queue_count_change')");
    for (int round = 0; round < 10; round++) {
      insertSingly(400);
      QueueCounts.fold(connection);
    }
    long piledUp = single("select pg_relation_size('queue_count_change')");

    assertTrue(
        reclaimed * 3 < piledUp,
        "with reclaiming " + reclaimed + " bytes, without " + piledUp + " bytes");
    assertEquals(0, single("select count(*) from queue_count_change"));
    assertEquals(exact("LOCAL", 0), counted("LOCAL", 0));
    assertEquals(8_000, counted("LOCAL", 0));
  }

  /**
   * Truncating the emptied table needs a lock that stops every submission's trigger: a vacuum
   * waited up to 5 s for it beside submissions in flight (177 ms a call on average in a burst of
   * single POSTs), and the pages taken back are needed again within the second.
   */
  @Test
  void reclaiming_leaves_the_emptied_table_its_pages() throws SQLException {
    insertSingly(2_000);
    QueueCounts.fold(connection);
    long before = single("select pg_relation_size('queue_count_change')");

    QueueCounts.vacuumChanges(connection);

    assertEquals(0, single("select count(*) from queue_count_change"));
    assertEquals(before, single("select pg_relation_size('queue_count_change')"));
    assertEquals(2_000, counted("LOCAL", 0));
  }

  private void insertSingly(int tasks) throws SQLException {
    for (int i = 0; i < tasks; i++) {
      insert("LOCAL", 0, "QUEUED");
    }
  }
}
