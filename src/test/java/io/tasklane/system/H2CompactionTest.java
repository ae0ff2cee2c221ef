package io.tasklane.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2CompactionTest {
  @TempDir Path dir;

  @Test
  void only_a_file_h2_closed_cleanly_is_taken_for_one(@TempDir Path dir) throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:" + dir.resolve("clean"));
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement()) {
      s.execute("create table t (id int)");
    }
    Path crashed = dir.resolve("crashed.mv.db");
    // The header a crash leaves: no clean mark.
    Files.writeString(
        crashed,
        "H:2,block:1094,blockSize:1000,chunk:2af0,created:1a241c5bb8b,format:3,version:2af0\n");
    Path other = dir.resolve("other.mv.db");
    Files.writeString(other, "not a database,clean:1,");

    assertTrue(H2Compaction.closedCleanly(dir.resolve("clean.mv.db")));
    assertFalse(H2Compaction.closedCleanly(crashed));
    assertFalse(H2Compaction.closedCleanly(other));
    assertFalse(H2Compaction.closedCleanly(dir.resolve("missing.mv.db")));
  }

  @Test
  void a_file_of_mostly_free_space_is_compacted_and_a_dense_one_is_left_alone() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
    h2.setUser("sa");
    h2.setPassword("");
    Path file = dir.resolve("db.mv.db");
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement()) {
      s.execute("create table t (id int primary key, body varchar(100000))");
      try (PreparedStatement insert = c.prepareStatement("insert into t values (?, ?)")) {
        for (int i = 0; i < 1_000; i++) {
          insert.setInt(1, i);
          insert.setString(2, "x".repeat(20_000) + i);
          insert.executeUpdate();
        }
      }
    }
    // Row-by-row commits already leave free space behind; once compacted, the file is all live.
    H2Compaction.compactIfSparse(h2);
    assertFalse(H2Compaction.compactIfSparse(h2), "live data is not copied for nothing");
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement()) {
      s.execute("delete from t where id >= 10");
    }
    long before = Files.size(file);

    assertTrue(H2Compaction.compactIfSparse(h2));

    long after = Files.size(file);
    assertTrue(after < before / 10, () -> before + " bytes, then " + after);
  }
}
