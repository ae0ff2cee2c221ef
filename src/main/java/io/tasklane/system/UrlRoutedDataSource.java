package io.tasklane.system;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Picks the vendor's DataSource from the JDBC URL, so that configuring {@code tasklane.db.url}
 * alone switches between embedded H2 and PostgreSQL. Payara pools it like any DataSource class
 * named in a {@code @DataSourceDefinition} (a {@code java.sql.Driver} there would fail to load).
 */
public class UrlRoutedDataSource implements DataSource {
  /**
   * The URL Payara passes when the server's own configuration has none: the application's
   * configuration (where the default under {@code tasklane.data-dir} lives) is read instead.
   */
  public static final String FROM_CONFIGURATION = "tasklane-configuration";

  private String url;
  private String user;
  private String password;
  private volatile DataSource delegate;
  private volatile Connection heldOpen;
  private PrintWriter logWriter;
  private int loginTimeout;

  public void setUrl(String url) {
    this.url = url;
  }

  public void setURL(String url) {
    this.url = url;
  }

  public String getUrl() {
    return url;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public String getUser() {
    return user;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = delegate().getConnection();
    releaseHeldOpen();
    return connection;
  }

  @Override
  public Connection getConnection(String username, String pass) throws SQLException {
    Connection connection = delegate().getConnection(username, pass);
    releaseHeldOpen();
    return connection;
  }

  /** The start-time check's connection goes once another holds the database open. */
  private void releaseHeldOpen() throws SQLException {
    Connection held = heldOpen;
    if (held != null) {
      synchronized (this) {
        if (heldOpen != null) {
          heldOpen.close();
          heldOpen = null;
        }
      }
    }
  }

  private DataSource delegate() throws SQLException {
    DataSource current = delegate;
    if (current == null) {
      synchronized (this) {
        if (delegate == null) {
          delegate = create();
        }
        current = delegate;
      }
    }
    return current;
  }

  private DataSource create() throws SQLException {
    if (FROM_CONFIGURATION.equals(url)) {
      url =
          ConfigProvider.getConfig(UrlRoutedDataSource.class.getClassLoader())
              .getOptionalValue("tasklane.db.url", String.class)
              .orElse(null);
    }
    if (url == null || url.isBlank()) {
      throw new SQLException("tasklane.db.url is not set");
    }
    if (url.startsWith("jdbc:postgresql:")) {
      PGSimpleDataSource pg = new PGSimpleDataSource();
      pg.setURL(url);
      pg.setUser(user);
      pg.setPassword(password);
      if (!url.contains("reWriteBatchedInserts")) {
        // A batch of inserts (a submitted batch's tasks, a transaction's events) goes as
        // multi-row statements: PostgreSQL parses and plans one statement per 128 rows, not one
        // per row. Only inserts are rewritten; updates keep their per-row counts, which the
        // versioned claims and outcomes check.
        pg.setReWriteBatchedInserts(true);
      }
      return pg;
    }
    if (url.startsWith("jdbc:h2:")) {
      // Before H2 makes its files: inside an owner-only directory they are private whatever the
      // umask gives them.
      DataDirectory.ofH2Url(url).ifPresent(DataDirectory::create);
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL(durableH2(url));
      h2.setUser(user);
      h2.setPassword(password);
      if (DataDirectory.h2File(url)
          .filter(Files::exists)
          .map(H2Compaction::closedCleanly)
          .orElse(false)) {
        // The pool has no connection yet: the one quiet moment to shrink the file while running.
        // Not compacted, the database stays open until the pool's first connection is.
        heldOpen = H2Compaction.compactOrKeepOpen(h2);
      }
      return h2;
    }
    throw new SQLException(
        "Unsupported database URL '" + url + "': use jdbc:h2:... or jdbc:postgresql:...");
  }

  /**
   * H2 writes commits to disk up to 500 ms late by default, so a kill -9 could lose a task already
   * answered 202. Unless the URL says otherwise, every commit is written before it returns.
   */
  static String durableH2(String url) {
    return url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=")
        ? url
        : url + ";WRITE_DELAY=0";
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    return delegate().unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || delegate().isWrapperFor(type);
  }
}
