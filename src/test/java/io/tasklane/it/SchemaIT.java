package io.tasklane.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migrated schema itself, on the database of the failsafe execution that runs it (an H2
 * database in memory, or a schema of its own in PostgreSQL's test database): what the queries of
 * issue 25 rely on to stay cheap however long the queue grows. No server is started.
 */
class SchemaIT {
  private static final boolean POSTGRESQL = "postgresql".equals(System.getProperty("it.database"));

  /** The admission pass's read of a lane's head, as Hibernate sends it (TaskStore). */
  private static final String HEAD_OF_LANE =
      "select t.id from task t where t.lane = 'LOCAL' and t.status = 'QUEUED'"
          + " and (t.not_before is null or t.not_before <= current_timestamp)"
          + " and not exists (select d.task_id from task_dependency d, task t2"
          + " where d.task_id = t.id and t2.id = d.depends_on and t2.status <> 'COMPLETED')"
          + " order by t.lane, t.status, t.priority desc, t.queued_at, t.id"
          + " fetch first 20 rows only";

  /** The scheduler's search for queued tasks held by dependencies, as Hibernate sends it. */
  private static final String HELD_BY_DEPENDENCIES =
      "select t.id, p.id, p.status from task t, task_dependency d, task p"
          + " where d.task_id = t.id and p.id = d.depends_on and t.lane = 'LOCAL'"
          + " and t.status = 'QUEUED' and t.has_dependencies = true and p.status <> 'COMPLETED'"
          + " order by t.priority desc, t.queued_at, t.id, p.queued_at desc"
          + " fetch first 100 rows only";

  /** The first page of a user's completed tasks, newest first, as Hibernate sends it. */
  private static final String NEWEST_PAGE =
      "select t.id from task t where t.user_id = 'someone' and t.status = 'COMPLETED'"
          + " and t.task_type not in ('sweep_chunk')"
          + " order by t.queued_at desc, t.queued_at desc, t.id fetch first 20 rows only";

  private final String schema = "schema_it_" + UUID.randomUUID().toString().replace("-", "");
  private Connection connection;

  @BeforeEach
  void migrate() throws SQLException {
    if (POSTGRESQL) {
      String url = System.getProperty("it.pg.url");
      String user = System.getProperty("it.pg.user");
      String password = System.getProperty("it.pg.password", "");
      try (Connection c = DriverManager.getConnection(url, user, password);
          Statement s = c.createStatement()) {
        s.execute("create schema " + schema);
      }
      connection = DriverManager.getConnection(url + "?currentSchema=" + schema, user, password);
      Flyway.configure()
          .dataSource(url + "?currentSchema=" + schema, user, password)
          .schemas(schema)
          .locations("classpath:db/migration", "classpath:db/vendor/postgresql")
          .load()
          .migrate();
    } else {
      String url = "jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1";
      connection = DriverManager.getConnection(url, "sa", "");
      Flyway.configure()
          .dataSource(url, "sa", "")
          .locations("classpath:db/migration", "classpath:db/vendor/h2")
          .load()
          .migrate();
    }
  }

  @AfterEach
  void drop() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(POSTGRESQL ? "drop schema " + schema + " cascade" : "shutdown");
    }
    connection.close();
  }

  @Test
  void the_head_of_a_deep_lane_is_read_from_an_index_in_queue_order_without_a_sort()
      throws SQLException {
    queue(5_000);
    String plan = explain(HEAD_OF_LANE);
    assertTrue(plan.toLowerCase().contains("task_lane_order_idx"), plan);
    if (POSTGRESQL) {
      assertFalse(plan.contains("Sort"), plan);
      assertFalse(plan.contains("Seq Scan on task "), plan);
    } else {
      assertTrue(plan.contains("index sorted"), plan);
    }
  }

  /**
   * Before PostgreSQL has analyzed a burst of new tasks, it guessed the queue held a row or two and
   * joined the dependencies from the whole lane: 200 ms a call behind 460,000 queued tasks.
   */
  @Test
  void tasks_held_by_dependencies_are_found_without_reading_the_queue_before_any_statistics()
      throws SQLException {
    insert(20_000, "QUEUED");
    String plan = explain(HELD_BY_DEPENDENCIES).toLowerCase();
    assertTrue(plan.contains("task_with_dependencies_idx"), plan);
    assertFalse(plan.contains("task_lane_order_idx"), plan);
  }

  /**
   * A page of a user's newest tasks of one status (the task list, and a client polling its total):
   * ordered by queued_at "nulls last", though no task lacks one, PostgreSQL sorted all of the
   * user's tasks of that status for every page, 41 ms beside 48,000 of them.
   */
  @Test
  void a_page_of_a_users_newest_tasks_is_read_in_index_order_without_sorting_them_all()
      throws SQLException {
    insert(20_000, "COMPLETED");
    analyze();
    String plan = explain(NEWEST_PAGE);
    if (POSTGRESQL) {
      assertTrue(plan.contains("Index Scan Backward"), plan);
      // A full sort node, not the incremental one that orders the few ties on queued_at.
      assertFalse(Pattern.compile("(^|->  )Sort ", Pattern.MULTILINE).matcher(plan).find(), plan);
    } else {
      assertTrue(plan.toLowerCase().contains("task_user_"), plan);
    }
  }

  @Test
  void questions_about_running_tasks_read_them_by_status_beside_a_long_history()
      throws SQLException {
    insert(20_000, "COMPLETED");
    insert(5_000, "QUEUED");
    insert(8, "RUNNING");
    analyze();
    // The lease sweep and lane capacity's count: the indexes made for them are gone (V16).
    for (String query :
        new String[] {
          "select t.id from task t where t.status = 'RUNNING'"
              + " and t.lease_expires_at < current_timestamp order by t.lease_expires_at"
              + " fetch first 100 rows only",
          "select count(t.id) from task t where t.task_type = 'backtest' and t.status = 'RUNNING'"
        }) {
      String plan = explain(query);
      assertTrue(plan.toLowerCase().contains("task_status_idx"), plan);
      if (POSTGRESQL) {
        assertFalse(plan.contains("Seq Scan on task "), plan);
      }
    }
  }

  @Test
  void results_written_to_postgresql_are_compressed_with_lz4() throws SQLException {
    if (!POSTGRESQL) {
      return; // H2 has no per-column compression to choose
    }
    assertEquals(
        "l",
        single(
            "select attcompression from pg_attribute where attrelid = 'task'::regclass"
                + " and attname = 'result_json'"));
  }

  @Test
  void results_written_to_h2_are_stored_apart_from_their_rows() throws SQLException {
    if (POSTGRESQL) {
      return; // PostgreSQL moves large values out of the row by itself (TOAST)
    }
    assertEquals(
        "CHARACTER LARGE OBJECT",
        single(
            "select data_type from information_schema.columns where table_name = 'TASK'"
                + " and column_name = 'RESULT_JSON'"));
  }

  @Test
  void h2_holds_a_thousand_ids_of_the_tables_every_task_appends_to() throws SQLException {
    if (POSTGRESQL) {
      return; // PostgreSQL's sequences are not written through on every few values
    }
    for (String table : new String[] {"QUEUE_COUNT_CHANGE", "TASK_EVENT"}) {
      assertEquals(
          "1000",
          single(
              "select identity_cache from information_schema.columns where table_name = '"
                  + table
                  + "' and column_name = 'ID'"),
          table);
    }
  }

  /** The one value a query answers. */
  private String single(String query) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      assertTrue(rs.next(), query);
      return rs.getString(1);
    }
  }

  private void queue(int tasks) throws SQLException {
    insert(tasks, "QUEUED");
    analyze();
  }

  private void insert(int tasks, String status) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "insert into task (id, task_type, lane, status, priority, user_id, parameters_json,"
                + " estimated_cpu_cores, estimated_ram_gb, attempts, max_attempts,"
                + " timeout_seconds, queued_at, lease_expires_at, version) values (?, 'backtest',"
                + " 'LOCAL', ?, ?, 'someone', '{}', 1, 0.1, 0, 3, 3600, ?, ?, 0)")) {
      Instant start = Instant.parse("2026-12-06T00:00:00Z");
      for (int i = 0; i < tasks; i++) {
        s.setObject(1, UUID.randomUUID());
        s.setString(2, status);
        s.setInt(3, i % 3);
        s.setTimestamp(4, Timestamp.from(start.plusMillis(i)));
        s.setTimestamp(
            5, status.equals("RUNNING") ? Timestamp.from(start.plusSeconds(60 + i)) : null);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** Statistics as the databases gather them by themselves after so many inserts. */
  private void analyze() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(POSTGRESQL ? "analyze task" : "analyze table task");
    }
  }

  private String explain(String query) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("explain " + query)) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }
}
