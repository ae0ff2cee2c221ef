package io.tasklane.marketdata;

import io.tasklane.engines.PriceSeries;
import io.tasklane.engines.Timeframe;
import io.tasklane.system.DatabaseMigration;
import io.tasklane.system.ProblemException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The stored bars, in plain batched JDBC: an import writes thousands of rows and a backtest reads
 * them back, and neither needs entities. Every method runs in one transaction, so an import is
 * stored whole or not at all.
 */
@ApplicationScoped
@Transactional
public class MarketData {
  private static final int BATCH = 1_000;

  @Resource(lookup = DatabaseMigration.DATASOURCE)
  DataSource dataSource;

  @Inject Clock clock;

  /** About 24 MB of bars (48 bytes a bar). */
  private final RecentBars recent = new RecentBars(500_000);

  public List<StoredSeries> list() {
    List<StoredSeries> all = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select symbol, timeframe, first_bar_at, last_bar_at, bar_count, source, updated_at"
                    + " from market_series order by symbol, timeframe")) {
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          all.add(series(rs));
        }
      }
      return all;
    } catch (SQLException e) {
      throw new IllegalStateException("Listing market data failed: " + e.getMessage(), e);
    }
  }

  public Optional<StoredSeries> find(String symbol, Timeframe timeframe) {
    try (Connection c = dataSource.getConnection()) {
      return find(c, symbol, timeframe, false);
    } catch (SQLException e) {
      throw new IllegalStateException("Reading market data failed: " + e.getMessage(), e);
    }
  }

  /**
   * Removes a stored series and all its bars. Tasks that ran on it keep their results; a replay of
   * their series then says the bars are gone.
   *
   * @return the series as it was, or empty if none was stored
   */
  public Optional<StoredSeries> delete(String symbol, Timeframe timeframe) {
    try (Connection c = dataSource.getConnection()) {
      // Locked first, so an import running meanwhile finishes before or finds the series gone.
      Optional<StoredSeries> existing = find(c, symbol, timeframe, true);
      if (existing.isPresent()) {
        for (String table : new String[] {"market_bar", "market_series"}) {
          try (PreparedStatement s =
              c.prepareStatement("delete from " + table + " where symbol = ? and timeframe = ?")) {
            s.setString(1, symbol);
            s.setString(2, timeframe.code());
            s.executeUpdate();
          }
        }
      }
      return existing;
    } catch (SQLException e) {
      throw new IllegalStateException("Deleting market data failed: " + e.getMessage(), e);
    }
  }

  /** As {@link #importBars(PriceSeries, String, boolean, int)} with no limit on the gap. */
  public ImportSummary importBars(PriceSeries bars, String source, boolean replace) {
    return importBars(bars, source, replace, Integer.MAX_VALUE);
  }

  /**
   * Stores the bars of {@code bars}. Bars at times already stored with identical values are
   * skipped; with different values they are a 409 unless {@code replace}, which overwrites them.
   * Bars that would leave more than {@code maxGapBars} missing bars between the stored series and
   * themselves are a 409 too. All or nothing: on any refusal no bar of the import is kept.
   */
  public ImportSummary importBars(
      PriceSeries bars, String source, boolean replace, int maxGapBars) {
    String symbol = bars.symbol();
    String timeframe = bars.timeframe().code();
    long[] time = bars.epochSeconds();
    int n = bars.size();
    try (Connection c = dataSource.getConnection()) {
      Instant now = clock.instant();
      Optional<StoredSeries> existing = find(c, symbol, bars.timeframe(), true);
      if (existing.isPresent()) {
        // Checked under the series' lock, against what is stored now.
        StoredSeries stored = existing.get();
        long missing =
            missingBetween(
                stored.firstBar().getEpochSecond(),
                stored.lastBar().getEpochSecond(),
                time[0],
                time[n - 1],
                bars.timeframe().seconds());
        if (missing > maxGapBars) {
          throw new ProblemException.Conflict(
              "The bars from "
                  + Instant.ofEpochSecond(time[0])
                  + " to "
                  + Instant.ofEpochSecond(time[n - 1])
                  + " would leave "
                  + missing
                  + " missing "
                  + timeframe
                  + " bars next to the stored "
                  + symbol
                  + " series ("
                  + stored.firstBar()
                  + " to "
                  + stored.lastBar()
                  + "; at most "
                  + maxGapBars
                  + " allowed); nothing was imported. Import with ?allow_gap=true if the gap is"
                  + " real.");
        }
      }
      if (existing.isEmpty()) {
        // Claims the series: a concurrent first import of it fails on the primary key.
        try (PreparedStatement s =
            c.prepareStatement(
                "insert into market_series (symbol, timeframe, first_bar_at, last_bar_at,"
                    + " bar_count, source, updated_at) values (?, ?, ?, ?, 0, ?, ?)")) {
          s.setString(1, symbol);
          s.setString(2, timeframe);
          s.setLong(3, time[0]);
          s.setLong(4, time[n - 1]);
          s.setString(5, source);
          s.setTimestamp(6, Timestamp.from(now));
          s.executeUpdate();
        }
      }
      Map<Long, double[]> stored =
          existing.isEmpty() ? Map.of() : storedBetween(c, symbol, timeframe, time[0], time[n - 1]);
      int inserted = 0;
      int unchanged = 0;
      int replaced = 0;
      try (PreparedStatement insert =
              c.prepareStatement(
                  "insert into market_bar (symbol, timeframe, bar_time, open_price, high_price,"
                      + " low_price, close_price, volume) values (?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement update =
              c.prepareStatement(
                  "update market_bar set open_price = ?, high_price = ?, low_price = ?,"
                      + " close_price = ?, volume = ? where symbol = ? and timeframe = ? and"
                      + " bar_time = ?")) {
        int pendingInserts = 0;
        int pendingUpdates = 0;
        for (int i = 0; i < n; i++) {
          double[] row = {
            bars.open()[i], bars.high()[i], bars.low()[i], bars.close()[i], bars.volume()[i]
          };
          double[] old = stored.get(time[i]);
          if (old == null) {
            insert.setString(1, symbol);
            insert.setString(2, timeframe);
            insert.setLong(3, time[i]);
            for (int k = 0; k < 5; k++) {
              insert.setDouble(4 + k, row[k]);
            }
            insert.addBatch();
            inserted++;
            if (++pendingInserts == BATCH) {
              insert.executeBatch();
              pendingInserts = 0;
            }
          } else if (Arrays.equals(old, row)) {
            unchanged++;
          } else if (!replace) {
            throw new ProblemException.Conflict(
                "Bar "
                    + Instant.ofEpochSecond(time[i])
                    + " of "
                    + symbol
                    + " "
                    + timeframe
                    + " is already stored with different values; nothing was imported."
                    + " Import with ?replace=true to overwrite stored bars.");
          } else {
            for (int k = 0; k < 5; k++) {
              update.setDouble(1 + k, row[k]);
            }
            update.setString(6, symbol);
            update.setString(7, timeframe);
            update.setLong(8, time[i]);
            update.addBatch();
            replaced++;
            if (++pendingUpdates == BATCH) {
              update.executeBatch();
              pendingUpdates = 0;
            }
          }
        }
        if (pendingInserts > 0) {
          insert.executeBatch();
        }
        if (pendingUpdates > 0) {
          update.executeBatch();
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "update market_series set first_bar_at = (select min(bar_time) from market_bar b"
                  + " where b.symbol = ? and b.timeframe = ?), last_bar_at = (select"
                  + " max(bar_time) from market_bar b where b.symbol = ? and b.timeframe = ?),"
                  + " bar_count = (select count(*) from market_bar b where b.symbol = ? and"
                  + " b.timeframe = ?), updated_at = ? where symbol = ? and timeframe = ?")) {
        for (int k = 0; k < 3; k++) {
          s.setString(1 + 2 * k, symbol);
          s.setString(2 + 2 * k, timeframe);
        }
        s.setTimestamp(7, Timestamp.from(now));
        s.setString(8, symbol);
        s.setString(9, timeframe);
        s.executeUpdate();
      }
      StoredSeries series = find(c, symbol, bars.timeframe(), false).orElseThrow();
      return new ImportSummary(symbol, timeframe, n, inserted, unchanged, replaced, series);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Storing " + symbol + " " + timeframe + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * How many bars are missing between a stored range and an imported one that lies wholly after or
   * before it; 0 when they touch or overlap (the import's own gaps are checked by {@link CsvBars}).
   */
  static long missingBetween(
      long storedFirst, long storedLast, long importFirst, long importLast, long step) {
    if (importFirst > storedLast) {
      return (importFirst - storedLast) / step - 1;
    }
    if (importLast < storedFirst) {
      return (storedFirst - importLast) / step - 1;
    }
    return 0;
  }

  /**
   * The stored bars with {@code fromEpochSecond <= time < untilEpochSecond}, oldest first.
   *
   * @throws IllegalArgumentException if there is none
   */
  public PriceSeries load(
      String symbol, Timeframe timeframe, long fromEpochSecond, long untilEpochSecond) {
    try (Connection c = dataSource.getConnection()) {
      // The version first: bars read after it are at least as new, so never cached as older.
      Optional<Version> version =
          find(c, symbol, timeframe, false).map(s -> new Version(s.updatedAt(), s.barCount()));
      return load(c, version.orElse(null), symbol, timeframe, fromEpochSecond, untilEpochSecond);
    } catch (SQLException e) {
      throw new IllegalStateException("Reading bars failed: " + e.getMessage(), e);
    }
  }

  /** A stored series' version: when it was last written and how many bars it held. */
  public record Version(Instant updatedAt, long barCount) {}

  /**
   * The bars of a series whose version the caller read just before (a run's check): the series is
   * not looked up again. Bars read now are at least as new as that version, so never cached as
   * older than their key says.
   */
  public PriceSeries load(
      Version version,
      String symbol,
      Timeframe timeframe,
      long fromEpochSecond,
      long untilEpochSecond) {
    try (Connection c = dataSource.getConnection()) {
      return load(c, version, symbol, timeframe, fromEpochSecond, untilEpochSecond);
    } catch (SQLException e) {
      throw new IllegalStateException("Reading bars failed: " + e.getMessage(), e);
    }
  }

  private PriceSeries load(
      Connection c,
      Version version,
      String symbol,
      Timeframe timeframe,
      long fromEpochSecond,
      long untilEpochSecond)
      throws SQLException {
    RecentBars.Key key =
        version == null
            ? null
            : new RecentBars.Key(
                symbol,
                timeframe.code(),
                fromEpochSecond,
                untilEpochSecond,
                version.updatedAt(),
                version.barCount());
    PriceSeries known = key == null ? null : recent.get(key);
    if (known != null) {
      return known;
    }
    PriceSeries loaded = load(c, symbol, timeframe, fromEpochSecond, untilEpochSecond);
    if (key != null) {
      recent.put(key, loaded);
    }
    return loaded;
  }

  private static PriceSeries load(
      Connection c, String symbol, Timeframe timeframe, long fromEpochSecond, long untilEpochSecond)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "select bar_time, open_price, high_price, low_price, close_price, volume from"
                + " market_bar where symbol = ? and timeframe = ? and bar_time >= ? and"
                + " bar_time < ? order by bar_time")) {
      s.setString(1, symbol);
      s.setString(2, timeframe.code());
      s.setLong(3, fromEpochSecond);
      s.setLong(4, untilEpochSecond);
      s.setFetchSize(10_000);
      int size = 0;
      long[] time = new long[4096];
      double[][] v = new double[5][4096];
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (size == time.length) {
            time = Arrays.copyOf(time, size * 2);
            for (int k = 0; k < 5; k++) {
              v[k] = Arrays.copyOf(v[k], size * 2);
            }
          }
          time[size] = rs.getLong(1);
          for (int k = 0; k < 5; k++) {
            v[k][size] = rs.getDouble(2 + k);
          }
          size++;
        }
      }
      if (size == 0) {
        throw new IllegalArgumentException(
            "No stored "
                + symbol
                + " "
                + timeframe.code()
                + " bars between "
                + Instant.ofEpochSecond(fromEpochSecond)
                + " and "
                + Instant.ofEpochSecond(untilEpochSecond)
                + "; see GET /api/market-data for the stored ranges.");
      }
      return new PriceSeries(
          symbol,
          timeframe,
          Arrays.copyOf(time, size),
          Arrays.copyOf(v[0], size),
          Arrays.copyOf(v[1], size),
          Arrays.copyOf(v[2], size),
          Arrays.copyOf(v[3], size),
          Arrays.copyOf(v[4], size));
    }
  }

  private static Optional<StoredSeries> find(
      Connection c, String symbol, Timeframe timeframe, boolean lock) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "select symbol, timeframe, first_bar_at, last_bar_at, bar_count, source, updated_at"
                + " from market_series where symbol = ? and timeframe = ?"
                + (lock ? " for update" : ""))) {
      s.setString(1, symbol);
      s.setString(2, timeframe.code());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(series(rs)) : Optional.empty();
      }
    }
  }

  private static Map<Long, double[]> storedBetween(
      Connection c, String symbol, String timeframe, long first, long last) throws SQLException {
    Map<Long, double[]> stored = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "select bar_time, open_price, high_price, low_price, close_price, volume from"
                + " market_bar where symbol = ? and timeframe = ? and bar_time between ? and ?")) {
      s.setString(1, symbol);
      s.setString(2, timeframe);
      s.setLong(3, first);
      s.setLong(4, last);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          stored.put(
              rs.getLong(1),
              new double[] {
                rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6)
              });
        }
      }
    }
    return stored;
  }

  private static StoredSeries series(ResultSet rs) throws SQLException {
    return new StoredSeries(
        rs.getString(1),
        rs.getString(2),
        Instant.ofEpochSecond(rs.getLong(3)),
        Instant.ofEpochSecond(rs.getLong(4)),
        rs.getLong(5),
        rs.getString(6),
        rs.getTimestamp(7).toInstant());
  }
}
