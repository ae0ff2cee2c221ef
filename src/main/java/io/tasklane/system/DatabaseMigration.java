package io.tasklane.system;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.SessionFactory;

/**
 * Brings the schema up to date with Flyway before anything else touches the database, then lets
 * Hibernate check that the entities match it; a mismatch aborts the deployment rather than
 * corrupting data later. Hibernate's own DDL is off: the migrations are the schema's history.
 *
 * <p>Every startup bean that uses the database depends on this one, so it is also the last to stop:
 * then a mostly empty H2 file is compacted ({@link H2Compaction}).
 */
// Payara resolves url, user and password once early against the server's configuration alone
// (environment and system properties, not the application's properties file), warns of keys
// without a value, and keeps what it found. The URL's default follows tasklane.data-dir, which
// only the application's configuration knows: the datasource then reads it there itself
// (UrlRoutedDataSource.FROM_CONFIGURATION), so a start with the defaults logs no warning.
@DataSourceDefinition(
    name = DatabaseMigration.DATASOURCE,
    className = "io.tasklane.system.UrlRoutedDataSource",
    url = "${MPCONFIG=tasklane.db.url:" + UrlRoutedDataSource.FROM_CONFIGURATION + "}",
    user = "${MPCONFIG=tasklane.db.user:tasklane}",
    password = "${MPCONFIG=tasklane.db.password:tasklane}",
    minPoolSize = 2,
    maxPoolSize = 32)
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class DatabaseMigration {
  public static final String DATASOURCE = "java:app/jdbc/tasklane";
  private static final Logger LOG = Logger.getLogger(DatabaseMigration.class.getName());

  @Resource(lookup = DATASOURCE)
  DataSource dataSource;

  @PersistenceUnit EntityManagerFactory entityManagerFactory;

  @Inject @ConfigProperties DeploymentConfig deployment;
  @Inject @ConfigProperties DatabaseConfig database;

  @PostConstruct
  void migrate() {
    // The first startup bean: files an older version or H2 left readable by others are narrowed
    // before anything is written to them.
    DataDirectory.secure(Path.of(deployment.dataDir));
    MigrateResult result =
        Flyway.configure(getClass().getClassLoader())
            .dataSource(dataSource)
            // What SQL cannot say in both dialects (triggers) lives in a folder per database.
            .locations(
                "classpath:db/migration",
                "classpath:db/vendor/" + (database.h2() ? "h2" : "postgresql"))
            .failOnMissingLocations(true)
            .load()
            .migrate();
    LOG.info(
        () ->
            "Database schema at version "
                + result.targetSchemaVersion
                + " ("
                + result.migrationsExecuted
                + " migrations applied now, "
                + result.database
                + ")");
    entityManagerFactory.unwrap(SessionFactory.class).getSchemaManager().validateMappedObjects();
    // Files H2 created while migrating (a new database) get their owner-only modes too.
    DataDirectory.secure(Path.of(deployment.dataDir));
  }

  /** The last user of the database stops: see {@link H2Compaction}. */
  @PreDestroy
  void compact() {
    if (!database.h2() || !database.compactOnStop) {
      return;
    }
    try {
      H2Compaction.compactIfSparse(dataSource);
    } catch (SQLException e) {
      LOG.log(
          Level.WARNING, "Could not compact the database; it is compacted at the next start", e);
    }
  }
}
