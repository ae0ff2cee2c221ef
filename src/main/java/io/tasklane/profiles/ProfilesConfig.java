package io.tasklane.profiles;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code tasklane.profiles.*}: how much history a profile needs, keeps, and how fresh it is. */
@Dependent
@ConfigProperties(prefix = "tasklane.profiles")
public class ProfilesConfig {
  /** A size bucket estimates only once it holds this many measured tasks. */
  @ConfigProperty(name = "min-samples", defaultValue = "5")
  public int minSamples;

  /** The most recent measurements kept per task type and size bucket; older ones are deleted. */
  @ConfigProperty(name = "samples-kept", defaultValue = "200")
  public int samplesKept;

  /** How long the profiles read from the database are reused before they are read again. */
  @ConfigProperty(name = "cache-ms", defaultValue = "5000")
  public long cacheMs;

  /**
   * The heap a task with bars needs per bar until its type is measured: a ten-million-bar synthetic
   * SMA backtest retained 58 bytes a bar at its peak (the series' timestamp and five prices, its
   * positions and equity), and allocated 57, measured with the engine alone (BENCHMARKS.md).
   */
  @ConfigProperty(name = "default-heap-bytes-per-bar", defaultValue = "64")
  public long defaultHeapBytesPerBar;
}
