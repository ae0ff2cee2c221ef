package io.tasklane.resources;

/**
 * The numbers of the admission rule: the share of cores and RAM always kept free, the share of a
 * task's estimate counted as consumed, the share of the JVM heap always kept free, and the least a
 * task is assumed to need. Development mode relaxes the first two, as in the seed system.
 *
 * @param minCpuCores estimates below this count as this: a task that claims to need nothing would
 *     let any number of heavy tasks start at once
 * @param minRamGb the same for RAM (and so for the heap)
 * @param shortTaskCpuMs a task expected to use less CPU time than this is short: it is admitted
 *     against the burst allowance rather than its cores estimate (see {@link BurstAllowance})
 * @param defaultBackgroundPercent the share of all cores a type's default estimate assumes other
 *     processes use: a default is scaled down so that it still starts at that load
 */
public record AdmissionSettings(
    boolean devMode,
    double bufferPercent,
    double consumptionFactor,
    double heapBufferPercent,
    double minCpuCores,
    double minRamGb,
    double shortTaskCpuMs,
    double defaultBackgroundPercent) {
  // The defaults of ResourcesConfig, for settings built by hand (ResourcesConfigTest keeps them
  // equal).
  public static final double DEFAULT_HEAP_BUFFER_PERCENT = 10;
  public static final double DEFAULT_MIN_CPU_CORES = 0.05;
  public static final double DEFAULT_MIN_RAM_GB = 0.05;
  public static final double DEFAULT_SHORT_TASK_CPU_MS = 200;
  public static final double DEFAULT_BACKGROUND_PERCENT = 30;

  public AdmissionSettings {
    if (bufferPercent < 0 || bufferPercent >= 100) {
      throw new IllegalArgumentException(
          "tasklane.resources.buffer-percent must be at least 0 and below 100, got "
              + bufferPercent);
    }
    if (consumptionFactor <= 0 || consumptionFactor > 1) {
      throw new IllegalArgumentException(
          "tasklane.resources.consumption-factor must be above 0 and at most 1, got "
              + consumptionFactor);
    }
    if (heapBufferPercent < 0 || heapBufferPercent >= 100) {
      throw new IllegalArgumentException(
          "tasklane.resources.heap-buffer-percent must be at least 0 and below 100, got "
              + heapBufferPercent);
    }
    if (minCpuCores <= 0 || minRamGb <= 0) {
      throw new IllegalArgumentException(
          "tasklane.resources.min-cpu-cores and min-ram-gb must be above 0, got "
              + minCpuCores
              + " and "
              + minRamGb);
    }
    if (shortTaskCpuMs < 0) {
      throw new IllegalArgumentException(
          "tasklane.resources.short-task-cpu-ms must be at least 0 (0: no task is short), got "
              + shortTaskCpuMs);
    }
    if (defaultBackgroundPercent < 0 || bufferPercent + defaultBackgroundPercent >= 100) {
      throw new IllegalArgumentException(
          "tasklane.resources.default-background-percent must be at least 0 and, with"
              + " buffer-percent, below 100, got "
              + defaultBackgroundPercent);
    }
  }

  /** The given figures, the short-task budget and the assumed background load at their defaults. */
  public AdmissionSettings(
      boolean devMode,
      double bufferPercent,
      double consumptionFactor,
      double heapBufferPercent,
      double minCpuCores,
      double minRamGb) {
    this(
        devMode,
        bufferPercent,
        consumptionFactor,
        heapBufferPercent,
        minCpuCores,
        minRamGb,
        DEFAULT_SHORT_TASK_CPU_MS,
        DEFAULT_BACKGROUND_PERCENT);
  }

  /** The given buffer and factor, everything else at its default. */
  public AdmissionSettings(boolean devMode, double bufferPercent, double consumptionFactor) {
    this(
        devMode,
        bufferPercent,
        consumptionFactor,
        DEFAULT_HEAP_BUFFER_PERCENT,
        DEFAULT_MIN_CPU_CORES,
        DEFAULT_MIN_RAM_GB);
  }

  /**
   * The configured settings; the buffer and the consumption factor default to 20 % and 0.8, or to 5
   * % and 0.5 in development mode.
   */
  public static AdmissionSettings from(ResourcesConfig config, boolean devMode) {
    return new AdmissionSettings(
        devMode,
        config.bufferPercent.orElse(devMode ? 5.0 : 20.0),
        config.consumptionFactor.orElse(devMode ? 0.5 : 0.8),
        config.heapBufferPercent,
        config.minCpuCores,
        config.minRamGb,
        config.shortTaskCpuMs,
        config.defaultBackgroundPercent);
  }
}
