package io.tasklane.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tasklane.support.MigratedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The wake-up of every instance's relay on PostgreSQL (migration V21): the database notifies the
 * outbox channel for each transaction that writes task events, once it commits. In a database of
 * its own ({@link MigratedPostgres}), where no server's events can reach the listener; needs no
 * server.
 */
class TaskEventNotifyPostgresIT {
  @Test
  void a_committed_transaction_writing_events_wakes_listeners_once_and_a_rolled_back_one_never()
      throws SQLException {
    assumeTrue(MigratedPostgres.available(), "runs on PostgreSQL");
    try (MigratedPostgres database = MigratedPostgres.create("event_notify");
        Connection listener = database.connect();
        Connection writer = database.connect()) {
      try (Statement listen = listener.createStatement()) {
        listen.execute("listen " + EventOutbox.CHANNEL);
      }
      PGConnection listening = listener.unwrap(PGConnection.class);
      writer.setAutoCommit(false);

      writeEvents(writer, 3);
      writer.rollback();
      assertEquals(0, received(listening, 300).length);

      writeEvents(writer, 3);
      writeEvents(writer, 1);
      writer.commit();
      PGNotification[] woken = received(listening, 10_000);
      assertEquals(1, woken.length);
      assertEquals(EventOutbox.CHANNEL, woken[0].getName());
    }
  }

  /** One statement writing {@code count} events, as EventOutbox's batch does. */
  private static void writeEvents(Connection writer, int count) throws SQLException {
    try (PreparedStatement insert =
        writer.prepareStatement(
            "insert into task_event (created_at, user_id, payload) values (now(), 'alice', ?)")) {
      for (int i = 0; i < count; i++) {
        insert.setString(1, "{\"type\":\"task_queued\"}");
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static PGNotification[] received(PGConnection listening, int waitMillis)
      throws SQLException {
    PGNotification[] notifications = listening.getNotifications(waitMillis);
    return notifications == null ? new PGNotification[0] : notifications;
  }
}
