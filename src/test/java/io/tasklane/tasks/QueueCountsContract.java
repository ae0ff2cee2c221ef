package io.tasklane.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue counters (migrations V13 and, on PostgreSQL, V19: the triggers and the fold) against a
 * plain count of the task table, after every kind of change a task's queue membership sees; run on
 * each database by a subclass that gives it a freshly migrated one.
 */
abstract class QueueCountsContract {
  protected Connection connection;

  /** A connection to a new database with Tasklane's migrations applied. */
  protected abstract Connection migrated() throws SQLException;

  /** Drops the database behind {@link #connection}. */
  protected abstract void drop() throws SQLException;

  @BeforeEach
  void migrate() throws SQLException {
    connection = migrated();
  }

  @AfterEach
  void close() throws SQLException {
    drop();
  }

  @Test
  void counters_follow_inserts_status_and_priority_changes_and_deletes() throws SQLException {
    UUID a = insert("LOCAL", 0, "QUEUED");
    UUID b = insert("LOCAL", 0, "QUEUED");
    UUID c = insert("LOCAL", 5, "QUEUED");
    insert("QUANTCONNECT", 0, "QUEUED");
    insert("LOCAL", 0, "COMPLETED");
    assertEquals(3, counted("LOCAL", 0));
    assertEquals(1, counted("LOCAL", 5));
    assertEquals(1, counted("QUANTCONNECT", 0));

    update("update task set priority = 9 where id = ?", b);
    update("update task set status = 'RUNNING' where id = ?", a);
    update("update task set progress = 50 where id = ?", c); // no change of place
    assertEquals(2, counted("LOCAL", 0)); // b (now 9) and c (5)
    assertEquals(1, counted("LOCAL", 6));

    QueueCounts.fold(connection);
    update("update task set status = 'QUEUED' where id = ?", a); // a retry queues it again
    update("delete from task where id = ?", c);
    assertEquals(2, counted("LOCAL", 0));
    assertEquals(1, counted("LOCAL", 6));
    assertEquals(exact("LOCAL", 0), counted("LOCAL", 0));
  }

  @Test
  void folding_keeps_every_sum_and_leaves_no_changes_behind() throws SQLException {
    Random random = new Random(25);
    List<UUID> tasks = new ArrayList<>();
    String[] statuses = {"QUEUED", "RUNNING", "COMPLETED", "CANCELLED"};
    for (int round = 0; round < 400; round++) {
      switch (random.nextInt(4)) {
        case 0 ->
            tasks.add(
                insert(
                    random.nextBoolean() ? "LOCAL" : "QUANTCONNECT", random.nextInt(4), "QUEUED"));
        case 1 -> {
          if (!tasks.isEmpty()) {
            UUID id = tasks.get(random.nextInt(tasks.size()));
            update(
                "update task set status = '" + statuses[random.nextInt(4)] + "' where id = ?", id);
          }
        }
        case 2 -> {
          if (!tasks.isEmpty()) {
            UUID id = tasks.get(random.nextInt(tasks.size()));
            update("update task set priority = " + random.nextInt(4) + " where id = ?", id);
          }
        }
        default -> QueueCounts.fold(connection);
      }
      if (round % 50 == 0) {
        for (String lane : List.of("LOCAL", "QUANTCONNECT")) {
          for (int priority = 0; priority < 4; priority++) {
            assertEquals(exact(lane, priority), counted(lane, priority), lane + " " + priority);
          }
        }
      }
    }
    QueueCounts.fold(connection);
    assertEquals(0, single("select count(*) from queue_count_change"));
    assertEquals(0, single("select count(*) from queue_count where queued = 0"));
    for (String lane : List.of("LOCAL", "QUANTCONNECT")) {
      for (int priority = 0; priority < 4; priority++) {
        assertEquals(exact(lane, priority), counted(lane, priority), lane + " " + priority);
      }
    }
  }

  @Test
  void a_rolled_back_submission_leaves_the_counts_as_they_were() throws SQLException {
    insert("LOCAL", 0, "QUEUED");
    connection.setAutoCommit(false);
    insert("LOCAL", 0, "QUEUED");
    assertEquals(2, counted("LOCAL", 0));
    connection.rollback();
    connection.setAutoCommit(true);
    assertEquals(1, counted("LOCAL", 0));
  }

  protected UUID insert(String lane, int priority, String status) throws SQLException {
    UUID id = UUID.randomUUID();
    try (PreparedStatement insert =
        connection.prepareStatement(
            "insert into task (id, task_type, lane, status, priority, user_id, parameters_json,"
                + " estimated_cpu_cores, estimated_ram_gb, attempts, max_attempts,"
                + " timeout_seconds, queued_at, version)"
                + " values (?, 'backtest', ?, ?, ?, 'alice', '{}', 1, 0.5, 0, 3, 600, ?, 0)")) {
      insert.setObject(1, id);
      insert.setString(2, lane);
      insert.setString(3, status);
      insert.setInt(4, priority);
      insert.setObject(5, OffsetDateTime.now());
      insert.executeUpdate();
    }
    return id;
  }

  private void update(String sql, UUID id) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      update.setObject(1, id);
      update.executeUpdate();
    }
  }

  /** What a position reads: the counters and the changes not folded yet. */
  protected long counted(String lane, int priority) throws SQLException {
    return sum(
        "select coalesce(sum(n), 0) from (select queued as n from queue_count where lane = ? and"
            + " priority >= ? union all select delta from queue_count_change where lane = ? and"
            + " priority >= ?) counted",
        lane,
        priority,
        true);
  }

  protected long exact(String lane, int priority) throws SQLException {
    return sum(
        "select count(*) from task where lane = ? and priority >= ? and status = 'QUEUED'",
        lane,
        priority,
        false);
  }

  private long sum(String sql, String lane, int priority, boolean twice) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, lane);
      query.setInt(2, priority);
      if (twice) {
        query.setString(3, lane);
        query.setInt(4, priority);
      }
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  protected long single(String sql) throws SQLException {
    try (Statement query = connection.createStatement();
        ResultSet rows = query.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
