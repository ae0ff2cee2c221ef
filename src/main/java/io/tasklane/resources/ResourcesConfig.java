package io.tasklane.resources;

import jakarta.enterprise.context.Dependent;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code tasklane.resources.*}: the admission rule's numbers and the CPU window. The buffer and the
 * consumption factor have no fixed default: it depends on development mode (see {@link
 * AdmissionSettings#from}).
 */
@Dependent
@ConfigProperties(prefix = "tasklane.resources")
public class ResourcesConfig {
  @ConfigProperty(name = "buffer-percent")
  public Optional<Double> bufferPercent = Optional.empty();

  @ConfigProperty(name = "consumption-factor")
  public Optional<Double> consumptionFactor = Optional.empty();

  @ConfigProperty(name = "heap-buffer-percent", defaultValue = "10")
  public double heapBufferPercent;

  @ConfigProperty(name = "min-cpu-cores", defaultValue = "0.05")
  public double minCpuCores;

  @ConfigProperty(name = "min-ram-gb", defaultValue = "0.05")
  public double minRamGb;

  /** A task expected to need less CPU time than this runs on the short-task allowance. */
  @ConfigProperty(name = "short-task-cpu-ms", defaultValue = "200")
  public double shortTaskCpuMs;

  /** The background load a type's default estimate leaves room for (see AdmissionRule). */
  @ConfigProperty(name = "default-background-percent", defaultValue = "30")
  public double defaultBackgroundPercent;

  /** CPU usage is averaged over at least this window, reaching back over earlier samples. */
  @ConfigProperty(name = "cpu-window-ms", defaultValue = "1000")
  public long cpuWindowMs;
}
