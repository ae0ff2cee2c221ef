package io.tasklane.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.tasklane.support.Api;
import io.tasklane.support.PayaraProcess;
import io.tasklane.support.TestDatabase;
import io.tasklane.system.H2Compaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * A database that has run for months: 5,000 finished tasks past the retention age, with large
 * results, their events and predictions, beside a few recent ones. One start removes the old ones,
 * and the compaction that the next start (or the stop) runs leaves a small file.
 */
class RetentionIT {
  static final String ADMIN_PASSWORD = "retention-admin-secret";
  static final int OLD_TASKS = 5_000;
  static final int RECENT_TASKS = 10;
  static final long MB = 1024 * 1024;
  static final UUID OLD_SWEEP = UUID.randomUUID();
  static final UUID RECENT_SWEEP = UUID.randomUUID();
  static final UUID OLD_PIPELINE = UUID.randomUUID();
  static final UUID RECENT_PIPELINE = UUID.randomUUID();

  @Test
  void finished_tasks_past_retention_go_with_their_events_and_predictions_and_the_file_shrinks()
      throws Exception {
    assumeFalse(
        "postgresql".equals(System.getProperty("it.database")),
        "the file and its compaction are H2's");
    try (TestDatabase db = TestDatabase.create("retention")) {
      Map<String, String> environment = new HashMap<>(db.environment());
      environment.put("TASKLANE_ADMIN_PASSWORD", ADMIN_PASSWORD);
      String url = environment.get("TASKLANE_DB_URL");
      Path file = Path.of(environment.get("TASKLANE_DATA_DIR"), "tasklane.mv.db");
      Flyway.configure()
          .dataSource(url, "tasklane", "tasklane")
          // As the server migrates H2: vendor migrations (V13's trigger) between the common ones.
          .locations("classpath:db/migration", "classpath:db/vendor/h2")
          .load()
          .migrate();
      Instant now = Instant.now();
      try (Connection c = DriverManager.getConnection(url, "tasklane", "tasklane")) {
        insertHistory(c, OLD_TASKS, now.minus(Duration.ofDays(40)));
        insertHistory(c, RECENT_TASKS, now.minus(Duration.ofDays(5)));
        insertSweep(c, OLD_SWEEP, now.minus(Duration.ofDays(40)), now.minus(Duration.ofDays(40)));
        // Its chunk ended long ago, but the sweep only lately: the chunk stays with its sweep.
        insertSweep(c, RECENT_SWEEP, now.minus(Duration.ofDays(40)), now.minus(Duration.ofDays(5)));
        insertPipeline(c, OLD_PIPELINE, now.minus(Duration.ofDays(40)));
        insertPipeline(c, RECENT_PIPELINE, now.minus(Duration.ofDays(5)));
      }
      long before = Files.size(file);
      assertTrue(before > 100 * MB, () -> "the history fills the file: " + before / MB + " MB");

      // The server finds the file through the default URL under its data directory: a start
      // with the defaults is the one that must log no warning.
      Map<String, String> serverEnvironment = new HashMap<>(environment);
      serverEnvironment.remove("TASKLANE_DB_URL");
      serverEnvironment.put("TASKLANE_DATA_DIR", file.getParent().toAbsolutePath().toString());
      try (PayaraProcess server = PayaraProcess.start("retention", serverEnvironment)) {
        Api admin = Api.anonymous(server.baseUrl()).as("admin", ADMIN_PASSWORD);
        assertCleanStart(server);
        // The first clean-up runs at start; its summary is the end of it.
        Api.eventually("the old finished tasks and events deleted")
            .atMost(Duration.ofMinutes(3))
            .until(
                () ->
                    server
                        .log()
                        .contains(
                            "Retention: deleted "
                                + OLD_TASKS
                                + " tasks and "
                                + OLD_TASKS
                                + " events, 1 sweeps and 1 pipelines"));
        assertEquals(
            RECENT_TASKS, admin.get("api/tasks?size=1").json().getJsonNumber("total").longValue());
      }

      // What the next start does before the pool opens the file (the stop tries it too).
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL(url);
      h2.setUser("tasklane");
      h2.setPassword("tasklane");
      H2Compaction.compactIfSparse(h2);
      long after = Files.size(file);
      assertTrue(after < 50 * MB, () -> "compacted at stop: " + after / MB + " MB");
      try (Connection c = DriverManager.getConnection(url, "tasklane", "tasklane")) {
        assertEquals(RECENT_TASKS + 1, count(c, "select count(*) from task"), "+ a recent chunk");
        assertEquals(
            List.of(RECENT_SWEEP.toString()), column(c, "select id from sweep"), "old sweep gone");
        assertEquals(
            List.of(RECENT_SWEEP.toString()),
            column(c, "select distinct sweep_id from sweep_result"),
            "with its results");
        assertEquals(
            List.of(RECENT_SWEEP.toString()),
            column(c, "select sweep_id from sweep_chunk"),
            "and its chunks");
        assertEquals(
            1, count(c, "select count(*) from task where task_type = 'sweep_chunk'"), "its task");
        assertEquals(
            List.of(RECENT_PIPELINE.toString()),
            column(c, "select distinct pipeline_id from pipeline_step"),
            "the old pipeline's steps are gone");
        assertEquals(List.of(RECENT_PIPELINE.toString()), column(c, "select id from pipeline"));
        assertEquals(
            RECENT_TASKS * 10L, count(c, "select count(*) from prediction"), "recent ones kept");
        assertEquals(
            0,
            count(c, "select count(*) from prediction where task_id not in (select id from task)"),
            "the deleted tasks' predictions are gone");
        assertEquals(
            0,
            count(
                c,
                "select count(*) from task_event where created_at < current_timestamp - interval"
                    + " '30' day"),
            "old events are gone");
      }
    }
  }

  /**
   * The same start is a clean one: no stack trace, no certificate dump, no warning of a key with a
   * default, and the banner (URL, database, QuantConnect mode) comes last.
   */
  private static void assertCleanStart(PayaraProcess server) throws Exception {
    Api.eventually("the start banner")
        .atMost(Duration.ofMinutes(2))
        .until(() -> server.log().contains("Tasklane is ready"));
    String log = server.log();
    assertFalse(log.contains("Exception"), "no stack trace at start");
    assertFalse(log.contains("NCLS-SECURITY-05054"), "no certificate dump");
    assertFalse(log.contains("-----BEGIN CERTIFICATE"), "no certificate dump");
    assertFalse(log.contains("no value found"), "no warning of a key without a value");
    assertFalse(log.contains("cannot be instantiated"), "no resource Jersey cannot make");
    assertFalse(log.contains("forcibly unregistered"), "no JDBC driver left registered");
    assertFalse(log.contains("SLF4J(W)"), "SLF4J has a provider");
    String banner = log.substring(log.indexOf("Tasklane is ready"));
    assertTrue(log.indexOf("ready in") < log.indexOf("Tasklane is ready"), "after Payara's line");
    assertTrue(banner.contains("URL:           http://"), banner);
    assertTrue(banner.contains("Database:      H2 (embedded)"), banner);
    assertTrue(banner.contains("QuantConnect:  QuantConnect lane: the built-in sandbox"), banner);
  }

  /** Finished tasks of {@code at} with a 20 kB result each, one event and ten predictions. */
  private static void insertHistory(Connection c, int tasks, Instant at) throws SQLException {
    c.setAutoCommit(false);
    String result = "{\"equity\":[" + "1.0,".repeat(5_000) + "1.0]}";
    Timestamp time = Timestamp.from(at);
    try (PreparedStatement task =
            c.prepareStatement(
                "insert into task (id, task_type, lane, status, priority, user_id,"
                    + " parameters_json, estimated_cpu_cores, estimated_ram_gb, result_json,"
                    + " attempts, max_attempts, timeout_seconds, queued_at, started_at,"
                    + " finished_at, version) values (?, 'prediction', 'LOCAL', 'COMPLETED', 0,"
                    + " 'admin', '{}', 1, 0.5, ?, 1, 3, 600, ?, ?, ?, 3)");
        PreparedStatement event =
            c.prepareStatement(
                "insert into task_event (created_at, user_id, payload) values (?, 'admin', ?)");
        PreparedStatement prediction =
            c.prepareStatement(
                "insert into prediction (task_id, model_id, symbol, timeframe, bar_time,"
                    + " probability_up) values (?, ?, 'BTC_USDT', '1h', ?, 0.5)")) {
      UUID model = UUID.randomUUID();
      for (int i = 0; i < tasks; i++) {
        UUID id = UUID.randomUUID();
        task.setObject(1, id);
        task.setString(2, result);
        task.setTimestamp(3, time);
        task.setTimestamp(4, time);
        task.setTimestamp(5, time);
        task.addBatch();
        event.setTimestamp(1, time);
        event.setString(2, "{\"type\":\"task_completed\",\"task_id\":\"" + id + "\"}");
        event.addBatch();
        for (int bar = 0; bar < 10; bar++) {
          prediction.setObject(1, id);
          prediction.setObject(2, model);
          prediction.setLong(3, bar * 3600L);
          prediction.addBatch();
        }
        if (i % 500 == 499) {
          task.executeBatch();
          event.executeBatch();
          prediction.executeBatch();
          c.commit();
        }
      }
      task.executeBatch();
      event.executeBatch();
      prediction.executeBatch();
      c.commit();
    }
  }

  /** A completed sweep of one chunk (its task ended at {@code chunkEnded}) and three results. */
  private static void insertSweep(Connection c, UUID id, Instant chunkEnded, Instant ended)
      throws SQLException {
    UUID chunk = UUID.randomUUID();
    try (Statement s = c.createStatement()) {
      s.executeUpdate(
          "insert into sweep (id, user_id, status, strategy, definition, combinations, rank_by,"
              + " walk_forward, created_at, finished_at) values ('"
              + id
              + "', 'admin', 'completed', 'sma_crossover', '{}', 3, 'sharpe_ratio', false, "
              + sql(chunkEnded)
              + ", "
              + sql(ended)
              + ")");
      s.executeUpdate(
          "insert into task (id, task_type, lane, status, priority, user_id, parameters_json,"
              + " estimated_cpu_cores, estimated_ram_gb, attempts, max_attempts, timeout_seconds,"
              + " queued_at, started_at, finished_at, version) values ('"
              + chunk
              + "', 'sweep_chunk', 'LOCAL', 'COMPLETED', 0, 'admin', '{}', 1, 0.5, 1, 3, 600, "
              + sql(chunkEnded)
              + ", "
              + sql(chunkEnded)
              + ", "
              + sql(chunkEnded)
              + ", 3)");
      s.executeUpdate(
          "insert into sweep_chunk (task_id, sweep_id, first_combination, size) values ('"
              + chunk
              + "', '"
              + id
              + "', 0, 3)");
      for (int i = 0; i < 3; i++) {
        s.executeUpdate(
            "insert into sweep_result (sweep_id, combination, symbol, timeframe, params,"
                + " total_return, max_drawdown, exposure, trade_count, final_equity, total_costs)"
                + " values ('"
                + id
                + "', "
                + i
                + ", 'BTC_USDT', '1d', '{}', 0.1, 0.2, 0.5, 4, 11000, 12)");
      }
    }
    c.commit();
  }

  /** A completed pipeline of one step whose task is long gone. */
  private static void insertPipeline(Connection c, UUID id, Instant ended) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate(
          "insert into pipeline (id, user_id, name, status, created_at, finished_at, version)"
              + " values ('"
              + id
              + "', 'admin', 'research', 'COMPLETED', "
              + sql(ended)
              + ", "
              + sql(ended)
              + ", 1)");
      s.executeUpdate(
          "insert into pipeline_step (pipeline_id, step_id, position, task_type, depends_on,"
              + " task_id, status) values ('"
              + id
              + "', 'train', 0, 'model_training', '', '"
              + UUID.randomUUID()
              + "', 'COMPLETED')");
    }
    c.commit();
  }

  private static String sql(Instant at) {
    return "timestamp with time zone '" + at.toString().replace('T', ' ').replace("Z", "+00") + "'";
  }

  private static List<String> column(Connection c, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        values.add(r.getString(1));
      }
    }
    return values;
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
