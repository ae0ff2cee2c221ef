package io.tasklane.events;

import io.tasklane.system.DatabaseMigration;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * On PostgreSQL, wakes the relay as soon as any instance commits an event: a thread of its own
 * LISTENs on the outbox channel (a trigger on task_event notifies it, migration V21). The poll
 * remains the safety net, so a lost connection only costs latency until it is re-established.
 */
@ApplicationScoped
public class PostgresWakeups {
  private static final Logger LOG = Logger.getLogger(PostgresWakeups.class.getName());
  private static final int WAIT_MS = 500;

  @Resource ManagedThreadFactory threads;

  @Resource(lookup = DatabaseMigration.DATASOURCE)
  DataSource dataSource;

  @Inject EventOutbox outbox;
  @Inject OutboxRelay relay;

  private volatile boolean stopping;

  void start() {
    if (outbox.onPostgres()) {
      Thread listener = threads.newThread(this::listen);
      listener.setName("tasklane-event-listener");
      listener.setDaemon(true);
      listener.start();
    }
  }

  /** Cooperative: the loop ends within {@link #WAIT_MS}; never an interrupt. */
  void stop() {
    stopping = true;
  }

  private void listen() {
    while (!stopping) {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("LISTEN " + EventOutbox.CHANNEL);
        if (!connection.getAutoCommit()) {
          connection.commit(); // LISTEN takes effect at commit
        }
        PGConnection postgres = connection.unwrap(PGConnection.class);
        LOG.info("Listening for task events of other instances on " + EventOutbox.CHANNEL);
        while (!stopping) {
          PGNotification[] notifications = postgres.getNotifications(WAIT_MS);
          if (notifications != null && notifications.length > 0) {
            relay.wake();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!stopping) {
          LOG.log(
              Level.WARNING, "Event listener lost its connection; retrying in 1 s (polling)", e);
          pause();
        }
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
