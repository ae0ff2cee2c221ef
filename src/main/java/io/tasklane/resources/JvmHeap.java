package io.tasklane.resources;

/**
 * This server's JVM heap at a sample. Local tasks run inside the server's JVM, so the heap runs out
 * before host RAM does; admission counts it as a resource of its own.
 *
 * @param maxGb the most the heap may grow to ({@code -Xmx})
 * @param usedGb in use now, garbage included
 * @param liveAfterGcGb in use right after the last collection (what survived it), at most {@code
 *     usedGb}: the best measure of what the heap really holds, since used memory includes garbage
 *     the next collection frees
 */
public record JvmHeap(double maxGb, double usedGb, double liveAfterGcGb) {

  /** Free of the heap by the latest measurement, before any reservation. */
  public double freeGb() {
    return Math.max(0, maxGb - liveAfterGcGb);
  }
}
