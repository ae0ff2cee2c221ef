package io.tasklane.sweeps;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code tasklane.sweeps.*}: the size of a sweep and of its chunks. */
@Dependent
@ConfigProperties(prefix = "tasklane.sweeps")
public class SweepsConfig {
  /** Most combinations one sweep may hold (more: 400). */
  @ConfigProperty(name = "max-combinations", defaultValue = "100000")
  public int maxCombinations;

  /** How long a chunk should run: long enough to amortise a task, short enough to stop early. */
  @ConfigProperty(name = "chunk-seconds", defaultValue = "1.5")
  public double chunkSeconds;

  /** Estimated engine cost of one combination per bar, which sizes chunks. */
  @ConfigProperty(name = "nanos-per-bar", defaultValue = "40")
  public double nanosPerBar;

  /**
   * Most combinations in one chunk, whatever its estimate says: bounds what a crash makes run
   * again.
   */
  @ConfigProperty(name = "max-chunk-combinations", defaultValue = "20000")
  public int maxChunkCombinations;

  /** Cores a chunk asks admission for; it runs on that many threads (at least one). */
  @ConfigProperty(name = "chunk-cores", defaultValue = "1.0")
  public double chunkCores;

  /** Results a chunk stores per transaction (and between progress events). */
  @ConfigProperty(name = "store-batch", defaultValue = "1000")
  public int storeBatch;

  /** Best results {@code GET /api/sweeps/{id}} and {@code sweep_completed} carry. */
  @ConfigProperty(name = "top", defaultValue = "10")
  public int top;
}
