package io.tasklane.resources;

import org.eclipse.microprofile.config.Config;

/**
 * The numbers of the admission rule: the share of cores and RAM always kept free, and the share of
 * a task's estimate counted as consumed. Development mode relaxes both, as in the seed system.
 */
public record AdmissionSettings(boolean devMode, double bufferPercent, double consumptionFactor) {

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
  }

  public static AdmissionSettings from(Config config) {
    boolean dev =
        config.getOptionalValue("tasklane.dev-mode", Boolean.class).orElse(false)
            // the seed system's switch, honoured for compatibility
            || config.getOptionalValue("TRADING_BOT_DEV_MODE", Boolean.class).orElse(false);
    return new AdmissionSettings(
        dev,
        config
            .getOptionalValue("tasklane.resources.buffer-percent", Double.class)
            .orElse(dev ? 5.0 : 20.0),
        config
            .getOptionalValue("tasklane.resources.consumption-factor", Double.class)
            .orElse(dev ? 0.5 : 0.8));
  }
}
