package io.tasklane.sweeps;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a sweep's combinations into chunks that each run for about {@code chunkSeconds}: the cost
 * of a combination is estimated from its bars ({@code bars × nanosPerBar}, more for walk-forward's
 * extra windows), a chunk never spans two series (so it loads one), never holds more than {@code
 * maxChunk} combinations, and there are never more than {@code maxChunks} of them (one submission
 * stores them all).
 *
 * <p>A cheap sweep is spread over {@code sideBySide} chunks, as many as the resource rule can run
 * at once (see {@link #sideBySide}), and no more: a chunk the rule cannot start beside the others
 * only waits for one of them to end, and then for the CPU window to show it ended (on 2 cores a
 * 10,000-combination sweep in two one-core chunks took 2 to 6 s instead of one chunk's 1.5).
 */
record ChunkSizing(
    double chunkSeconds, double nanosPerBar, int maxChunk, int maxChunks, int sideBySide) {

  /** Walk-forward runs each combination again on two windows per fold, copied. */
  static final double WALK_FORWARD_FACTOR = 3;

  /** A chunk: combinations {@code [first, first + size)}. */
  record Range(int first, int size) {}

  int chunkSize(long barsPerSeries, int combinations, boolean walkForward) {
    double nanos =
        Math.max(1, barsPerSeries) * nanosPerBar * (walkForward ? WALK_FORWARD_FACTOR : 1);
    long size = (long) Math.floor(chunkSeconds * 1e9 / nanos);
    size = Math.max(1, Math.min(size, maxChunk));
    long spread = (combinations + (long) sideBySide - 1) / sideBySide;
    size = Math.max(1, Math.min(size, spread));
    long fewest = (combinations + (long) maxChunks - 1) / maxChunks;
    return (int) Math.max(size, fewest);
  }

  /**
   * Chunks the resource rule can run at once: the cores outside its buffer over the cores a chunk
   * really uses, its threads (a chunk whose estimate says less still keeps a core busy per thread),
   * one at least. On 2 cores with a 20 % buffer: 1.6 / 1 → 1; on 8 cores: 6.
   */
  static int sideBySide(int totalCores, double bufferCores, int threadsPerChunk) {
    return Math.max(1, (int) Math.floor((totalCores - bufferCores) / threadsPerChunk));
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
