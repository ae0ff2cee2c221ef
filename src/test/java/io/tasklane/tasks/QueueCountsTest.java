package io.tasklane.tasks;

import io.tasklane.support.MigratedH2;
import java.sql.Connection;
import java.sql.SQLException;

/** The queue counters on H2: its Java trigger (migration V13) and the fold. */
class QueueCountsTest extends QueueCountsContract {
  @Override
  protected Connection migrated() throws SQLException {
    return MigratedH2.open("queue-counts");
  }

  @Override
  protected void drop() throws SQLException {
    MigratedH2.shutdown(connection);
  }
}
