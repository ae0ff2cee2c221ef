package io.tasklane.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * A database of its own for a test that starts its own servers: a fresh H2 file directory, or a
 * fresh schema in the PostgreSQL test database, chosen like the failsafe execution that runs it.
 */
public final class TestDatabase implements AutoCloseable {
  private final String schema;
  private final String jdbcUrl;
  private final Map<String, String> environment = new HashMap<>();

  private TestDatabase(String schema, String jdbcUrl) {
    this.schema = schema;
    this.jdbcUrl = jdbcUrl;
  }

  public static TestDatabase create(String name) throws SQLException {
    String dataDir =
        System.getProperty("it.dataDir", "target/it-data/local") + "/" + Deployments.unique(name);
    if (!"postgresql".equals(System.getProperty("it.database"))) {
      TestDatabase h2 =
          new TestDatabase(
              null, "jdbc:h2:file:" + new java.io.File(dataDir).getAbsolutePath() + "/tasklane");
      h2.environment.put("TASKLANE_DATA_DIR", dataDir);
      h2.environment.put("TASKLANE_DB_URL", h2.jdbcUrl + ";DB_CLOSE_ON_EXIT=FALSE");
      return h2;
    }
    String schema = Deployments.unique(name).replace('-', '_');
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("create schema " + schema);
    }
    TestDatabase pg =
        new TestDatabase(schema, System.getProperty("it.pg.url") + "?currentSchema=" + schema);
    pg.environment.put("TASKLANE_DATA_DIR", dataDir);
    pg.environment.put("TASKLANE_DB_URL", pg.jdbcUrl);
    pg.environment.put("TASKLANE_DB_USER", System.getProperty("it.pg.user"));
    return pg;
  }

  /** Environment variables pointing a server at this database. */
  public Map<String, String> environment() {
    return Map.copyOf(environment);
  }

  /**
   * Status and attempts of every task, read straight from the database while no server runs (H2's
   * file is exclusive to one process).
   */
  public Map<String, String> statusesAndAttempts() throws SQLException {
    Map<String, String> rows = new HashMap<>();
    String user = schema == null ? "tasklane" : System.getProperty("it.pg.user");
    String password = schema == null ? "tasklane" : System.getProperty("it.pg.password", "");
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement s = c.createStatement();
        java.sql.ResultSet r = s.executeQuery("select id, status, attempts from task")) {
      while (r.next()) {
        rows.put(r.getString(1), r.getString(2).toLowerCase() + "/" + r.getInt(3));
      }
    }
    return rows;
  }

  /** Lease owner of every running task (PostgreSQL serves this while servers run). */
  public Map<String, String> runningOwners() throws SQLException {
    Map<String, String> rows = new HashMap<>();
    try (Connection c =
            DriverManager.getConnection(
                jdbcUrl,
                System.getProperty("it.pg.user"),
                System.getProperty("it.pg.password", ""));
        Statement s = c.createStatement();
        java.sql.ResultSet r =
            s.executeQuery("select id, lease_owner from task where status = 'RUNNING'")) {
      while (r.next()) {
        rows.put(r.getString(1), r.getString(2));
      }
    }
    return rows;
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        System.getProperty("it.pg.url"),
        System.getProperty("it.pg.user"),
        System.getProperty("it.pg.password", ""));
  }

  @Override
  public void close() throws SQLException {
    if (schema != null) {
      try (Connection c = connect();
          Statement s = c.createStatement()) {
        s.execute("drop schema " + schema + " cascade");
      }
    }
  }
}
