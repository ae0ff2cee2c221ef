package io.tasklane.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 database with Tasklane's migrations applied, for tests of SQL. */
public final class MigratedH2 {
  private MigratedH2() {}

  /**
   * Opens a connection to a new database named after {@code name}; close it with {@link #shutdown}.
   */
  public static Connection open(String name) throws SQLException {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure()
        .dataSource(h2)
        .locations("classpath:db/migration", "classpath:db/vendor/h2")
        .load()
        .migrate();
    return h2.getConnection();
  }

  /** Drops the database behind {@code connection}. */
  public static void shutdown(Connection connection) throws SQLException {
    try (Statement shutdown = connection.createStatement()) {
      shutdown.execute("shutdown");
    }
  }
}
