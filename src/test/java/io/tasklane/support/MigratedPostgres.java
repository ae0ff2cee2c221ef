package io.tasklane.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * A PostgreSQL database of its own, created beside the test database and migrated, for tests of SQL
 * that a schema shared with a running server would disturb: a vacuum keeps every row another
 * transaction of the same database might still see, and notifications go to the whole database.
 * Dropped on {@link #close}.
 */
public final class MigratedPostgres implements AutoCloseable {
  private final String name;
  private final String url;

  private MigratedPostgres(String name, String url) {
    this.name = name;
    this.url = url;
  }

  /** Whether the failsafe execution running the test is the PostgreSQL one. */
  public static boolean available() {
    return "postgresql".equals(System.getProperty("it.database"));
  }

  public static MigratedPostgres create(String prefix) throws SQLException {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    String server = System.getProperty("it.pg.url");
    try (Connection admin = connect(server);
        Statement create = admin.createStatement()) {
      create.execute("create database " + name);
    }
    String url = server.replaceFirst("/[^/?]*(\\?.*)?$", "/" + name);
    Flyway.configure()
        .dataSource(url, System.getProperty("it.pg.user"), System.getProperty("it.pg.password", ""))
        .locations("classpath:db/migration", "classpath:db/vendor/postgresql")
        .load()
        .migrate();
    return new MigratedPostgres(name, url);
  }

  /** A new connection to this database. */
  public Connection connect() throws SQLException {
    return connect(url);
  }

  @Override
  public void close() throws SQLException {
    try (Connection admin = connect(System.getProperty("it.pg.url"));
        Statement drop = admin.createStatement()) {
      drop.execute("drop database " + name + " with (force)");
    }
  }

  private static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(
        url, System.getProperty("it.pg.user"), System.getProperty("it.pg.password", ""));
  }
}
