package io.tasklane.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The queue counters on PostgreSQL: its PL/pgSQL triggers (V13, and V19's one change a statement
 * for inserts), the fold, and the vacuum that reclaims folded changes. Each test has a database of
 * its own: a vacuum keeps every row a transaction elsewhere in the same database might still see.
 * Needs no server; runs in the PostgreSQL execution of the integration tests.
 */
class QueueCountsPostgresIT extends QueueCountsContract {
  private String database;

  @Override
  protected Connection migrated() throws SQLException {
    assumeTrue("postgresql".equals(System.getProperty("it.database")), "runs on PostgreSQL");
    database = "queue_counts_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection admin = connect(System.getProperty("it.pg.url"));
        Statement create = admin.createStatement()) {
      create.execute("create database " + database);
    }
    String url = System.getProperty("it.pg.url").replaceFirst("/[^/?]*(\\?.*)?$", "/" + database);
    Flyway.configure()
        .dataSource(url, System.getProperty("it.pg.user"), System.getProperty("it.pg.password", ""))
        .locations("classpath:db/migration", "classpath:db/vendor/postgresql")
        .load()
        .migrate();
    return connect(url);
  }

  @Override
  protected void drop() throws SQLException {
    if (connection != null) {
      connection.close();
    }
    if (database != null) {
      try (Connection admin = connect(System.getProperty("it.pg.url"));
          Statement drop = admin.createStatement()) {
        drop.execute("drop database " + database + " with (force)");
      }
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

  private void insertSingly(int tasks) throws SQLException {
    for (int i = 0; i < tasks; i++) {
      insert("LOCAL", 0, "QUEUED");
    }
  }

  private static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(
        url, System.getProperty("it.pg.user"), System.getProperty("it.pg.password", ""));
  }
}
