package io.tasklane.system;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Gives an H2 file's free space back to the disk. H2 reuses the space of deleted rows while it runs
 * but shrinks the file only as it closes, so a database whose file is mostly free space is closed
 * with {@code SHUTDOWN COMPACT} while nothing else has it open: before the first connection of the
 * pool (at start) and after the last user (at stop). The cost is a copy of the live data, so a file
 * that is at least half live is left alone.
 */
public final class H2Compaction {
  private static final Logger LOG = Logger.getLogger(H2Compaction.class.getName());

  /** Below this share of live data in the file, it is compacted. */
  static final double MIN_LIVE_SHARE = 0.5;

  private H2Compaction() {}

  /**
   * Compacts the database behind {@code h2} if it is mostly free space; returns whether it did.
   * Every connection to it must be closed: the compaction closes the database.
   */
  public static boolean compactIfSparse(DataSource h2) throws SQLException {
    long started = System.nanoTime();
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement()) {
      double fill = setting(s, "info.FILL_RATE");
      double chunksFill = setting(s, "info.CHUNKS_FILL_RATE");
      long size = (long) setting(s, "info.FILE_SIZE");
      double live = fill / 100 * chunksFill / 100;
      if (live >= MIN_LIVE_SHARE) {
        return false;
      }
      s.execute("SHUTDOWN COMPACT");
      LOG.info(
          () ->
              String.format(
                  "Database file compacted in %d ms: %d MB, %.0f%% live before",
                  (System.nanoTime() - started) / 1_000_000, size / (1024 * 1024), live * 100));
      return true;
    }
  }

  private static double setting(Statement s, String name) throws SQLException {
    try (ResultSet r =
        s.executeQuery(
            "select setting_value from information_schema.settings where setting_name = '"
                + name
                + "'")) {
      // An H2 that does not report it (another storage engine) is never compacted.
      return r.next() ? Double.parseDouble(r.getString(1)) : 100;
    }
  }
}
