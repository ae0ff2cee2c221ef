package io.tasklane.sweeps;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a sweep's combinations into chunks that each run for about {@code chunkSeconds}: the cost
 * of a combination is estimated from its bars ({@code bars × nanosPerBar}, more for walk-forward's
 * extra windows), a chunk never spans two series (so it loads one), never holds more than {@code
 * maxChunk} combinations (so even a cheap sweep spreads over the cores), and there are never more
 * than {@code maxChunks} of them (one submission stores them all).
 */
record ChunkSizing(double chunkSeconds, double nanosPerBar, int maxChunk, int maxChunks) {

  /** Walk-forward runs each combination again on two windows per fold, copied. */
  static final double WALK_FORWARD_FACTOR = 3;

  /** A chunk: combinations {@code [first, first + size)}. */
  record Range(int first, int size) {}

  int chunkSize(long barsPerSeries, int combinations, boolean walkForward) {
    double nanos =
        Math.max(1, barsPerSeries) * nanosPerBar * (walkForward ? WALK_FORWARD_FACTOR : 1);
    long size = (long) Math.floor(chunkSeconds * 1e9 / nanos);
    size = Math.max(1, Math.min(size, maxChunk));
    long fewest = (combinations + (long) maxChunks - 1) / maxChunks;
    return (int) Math.max(size, fewest);
  }

  /**
   * @param perSeries parameter sets per series; combination {@code i} is on series {@code i /
   *     perSeries}
   */
  List<Range> split(int seriesCount, int perSeries, long barsPerSeries, boolean walkForward) {
    int total = seriesCount * perSeries;
    int size = chunkSize(barsPerSeries, total, walkForward);
    // Never across a series: spread each series' sets evenly over as few chunks as the size needs.
    int perSeriesChunks = (perSeries + size - 1) / size;
    if ((long) perSeriesChunks * seriesCount > maxChunks) {
      perSeriesChunks = Math.max(1, maxChunks / seriesCount);
    }
    List<Range> ranges = new ArrayList<>();
    for (int s = 0; s < seriesCount; s++) {
      int base = s * perSeries;
      for (int k = 0; k < perSeriesChunks; k++) {
        int from = (int) ((long) perSeries * k / perSeriesChunks);
        int to = (int) ((long) perSeries * (k + 1) / perSeriesChunks);
        if (to > from) {
          ranges.add(new Range(base + from, to - from));
        }
      }
    }
    return ranges;
  }
}
