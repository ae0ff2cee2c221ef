package io.tasklane.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /** The store header's block: the first of its two copies. */
  private static final int HEADER_BYTES = 4096;

  private H2Compaction() {}

  /**
   * Compacts the database behind {@code h2} if it is mostly free space; returns whether it did.
   * Every connection to it must be closed: the compaction closes the database.
   */
  public static boolean compactIfSparse(DataSource h2) throws SQLException {
    Connection open = compactOrKeepOpen(h2);
    if (open == null) {
      return true;
    }
    open.close();
    return false;
  }

  /**
   * At start, before any other connection: compacts a sparse file and returns null, or else returns
   * the connection that read it, still open, for the caller to close once the pool has a connection
   * of its own. The database must not close in between: H2 2.2 (the one Payara Micro bundles) can
   * find a file it opened after a crash corrupt ("Double mark", h2database issue 2752, fixed in
   * 2.3.230) when it is closed and opened again before it has been written cleanly. A compacted
   * file is written afresh, so it has no such gap.
   */
  public static Connection compactOrKeepOpen(DataSource h2) throws SQLException {
    long started = System.nanoTime();
    Connection c = h2.getConnection();
    try (Statement s = c.createStatement()) {
      double fill = setting(s, "info.FILL_RATE");
      double chunksFill = setting(s, "info.CHUNKS_FILL_RATE");
      long size = (long) setting(s, "info.FILE_SIZE");
      double live = fill / 100 * chunksFill / 100;
      if (live >= MIN_LIVE_SHARE) {
        return c;
      }
      s.execute("SHUTDOWN COMPACT");
      LOG.info(
          () ->
              String.format(
                  "Database file compacted in %d ms: %d MB, %.0f%% live before",
                  (System.nanoTime() - started) / 1_000_000, size / (1024 * 1024), live * 100));
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    c.close();
    return null;
  }

  /**
   * Whether H2 closed {@code file} cleanly (its store header says {@code clean:1}). A file left by
   * a crash is not compacted at start: H2 2.2 recovers it on open, and compacting such a file (or
   * closing and opening it again before it has been written cleanly) can leave it unreadable. It is
   * compacted at a later clean start or stop instead. Reads the header only, never opens it.
   */
  public static boolean closedCleanly(Path file) {
    byte[] header = new byte[HEADER_BYTES];
    try (InputStream in = Files.newInputStream(file)) {
      int read = in.readNBytes(header, 0, header.length);
      String text = new String(header, 0, read, StandardCharsets.ISO_8859_1);
      return text.startsWith("H:") && text.contains(",clean:1,");
    } catch (IOException e) {
      return false;
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
