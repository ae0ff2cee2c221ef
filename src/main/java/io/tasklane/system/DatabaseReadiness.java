package io.tasklane.system;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the database answers: without it no task can be accepted safely. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {
  @Resource(lookup = DatabaseMigration.DATASOURCE)
  DataSource dataSource;

  @Override
  public HealthCheckResponse call() {
    try (Connection connection = dataSource.getConnection()) {
      boolean valid = connection.isValid(2);
      return HealthCheckResponse.named("database")
          .status(valid)
          .withData("product", connection.getMetaData().getDatabaseProductName())
          .build();
    } catch (SQLException e) {
      return HealthCheckResponse.named("database")
          .down()
          .withData("error", String.valueOf(e.getMessage()))
          .build();
    }
  }
}
