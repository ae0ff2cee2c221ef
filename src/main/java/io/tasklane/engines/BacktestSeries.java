package io.tasklane.engines;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One row per bar of a backtest: what the result's 500-point preview leaves out. Rows are computed
 * while they are written, so a long run is never held a second time as text or objects.
 */
public final class BacktestSeries {
  public static final List<String> COLUMNS =
      List.of("timestamp", "close", "position", "equity", "drawdown", "benchmark_equity");

  /**
   * @param position 1 if the account held the asset at the bar's close, else 0
   * @param drawdown fall from the running peak of equity, a positive fraction of that peak like
   *     {@code max_drawdown}; 0 at a new peak
   */
  public record Row(
      long epochSecond,
      double close,
      int position,
      double equity,
      double drawdown,
      double benchmarkEquity) {}

  /** Receives rows in bar order. */
  public interface RowSink {
    void accept(Row row) throws IOException;
  }

  private final PriceSeries series;
  private final byte[] positions;
  private final BacktestResult result;
  private final BuyAndHold benchmark;

  BacktestSeries(
      PriceSeries series, byte[] positions, BacktestResult result, BuyAndHold benchmark) {
    this.series = Objects.requireNonNull(series, "series");
    this.positions = Objects.requireNonNull(positions, "positions");
    this.result = Objects.requireNonNull(result, "result");
    this.benchmark = Objects.requireNonNull(benchmark, "benchmark");
  }

  public int size() {
    return series.size();
  }

  public BacktestResult result() {
    return result;
  }

  public void forEachRow(RowSink sink) throws IOException {
    long[] time = series.epochSeconds();
    double[] close = series.close();
    double[] equity = result.equityCurve();
    double peak = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < time.length; i++) {
      peak = Math.max(peak, equity[i]);
      // Backtester fills every wish in full at the next open, so the wish of the bar before is
      // exactly what is held at this bar's close.
      int held = i > 0 && positions[i - 1] != 0 ? 1 : 0;
      sink.accept(
          new Row(
              time[i], close[i], held, equity[i], (peak - equity[i]) / peak, benchmark.equity(i)));
    }
  }

  /** A header line, then one line per bar with ISO-8601 timestamps. */
  public void writeCsv(Writer out) throws IOException {
    out.write(String.join(",", COLUMNS));
    out.write('\n');
    forEachRow(
        row -> {
          writeValues(out, row, "");
          out.write('\n');
        });
  }

  /** {@code {"columns": [...], "rows": [[...], ...]}}, timestamps as ISO-8601 strings. */
  public void writeJson(Writer out) throws IOException {
    out.write("{\"columns\":[\"" + String.join("\",\"", COLUMNS) + "\"],\"rows\":[");
    boolean[] first = {true};
    forEachRow(
        row -> {
          out.write(first[0] ? "[" : ",[");
          first[0] = false;
          writeValues(out, row, "\"");
          out.write(']');
        });
    out.write("]}");
  }

  /**
   * Nothing needs escaping: timestamps are ISO-8601 and numbers finite (equity stays above 0), so
   * the timestamp is quoted only for JSON.
   */
  private static void writeValues(Writer out, Row row, String quote) throws IOException {
    out.write(
        quote
            + Instant.ofEpochSecond(row.epochSecond())
            + quote
            + ","
            + row.close()
            + ","
            + row.position()
            + ","
            + row.equity()
            + ","
            + row.drawdown()
            + ","
            + row.benchmarkEquity());
  }
}
