package io.tasklane.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tasklane.support.MigratedH2;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The measurements stored with a group of outcomes (in their transaction, so a failing insert would
 * fail the outcomes too), against the migrated schema on H2.
 */
class ProfileStoreTest {
  private static final UsageMeter.Usage USAGE = new UsageMeter.Usage(1.5, 2.5, 3.5, 4096);
  private static final Instant AT = Instant.parse("2026-12-06T00:00:00Z");

  private Connection connection;

  @BeforeEach
  void migrate() throws SQLException {
    connection = MigratedH2.open("profiles");
  }

  @AfterEach
  void close() throws SQLException {
    MigratedH2.shutdown(connection);
  }

  @Test
  void a_group_of_measurements_is_stored_as_one_row_each() throws SQLException {
    ProfileStore.insert(
        connection,
        List.of(
            new ResourceProfiles.Measurement(
                "backtest", new TaskSize("sma_crossover", "1d", 365, null), 1.5, USAGE),
            new ResourceProfiles.Measurement("model_training", TaskSize.NONE, 9.0, USAGE)),
        AT);

    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select task_type, size_bucket, bars, strategy, timeframe, rounds, cpu_ms,"
                    + " thread_cpu_ms, process_cpu_ms, wall_ms, allocated_bytes from"
                    + " resource_profile order by task_type")) {
      rs.next();
      assertEquals("backtest", rs.getString(1));
      assertEquals(5, rs.getInt(2));
      assertEquals(365, rs.getLong(3));
      assertEquals("sma_crossover", rs.getString(4));
      assertEquals("1d", rs.getString(5));
      assertNull(rs.getObject(6));
      assertEquals(1.5, rs.getDouble(7));
      assertEquals(1.5, rs.getDouble(8));
      assertEquals(2.5, rs.getDouble(9));
      assertEquals(3.5, rs.getDouble(10));
      assertEquals(4096, rs.getLong(11));
      rs.next();
      assertEquals("model_training", rs.getString(1));
      assertEquals(0, rs.getInt(2));
      assertEquals(9.0, rs.getDouble(7));
    }
  }

  @Test
  void names_longer_than_their_columns_are_clipped_rather_than_failing_the_outcomes()
      throws SQLException {
    String strategy = "s".repeat(200);
    ProfileStore.insert(
        connection,
        List.of(
            new ResourceProfiles.Measurement(
                "backtest", new TaskSize(strategy, "1d-but-much-longer", 10, 3), 1, USAGE)),
        AT);

    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("select strategy, timeframe, rounds from resource_profile")) {
      rs.next();
      assertEquals(strategy.substring(0, 64), rs.getString(1));
      assertEquals("1d-but-m", rs.getString(2));
      assertEquals(3, rs.getInt(3));
    }
  }
}
