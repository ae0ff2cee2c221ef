package io.tasklane.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tasklane.support.ConfigDefaults;
import org.junit.jupiter.api.Test;

class ResourcesConfigTest {
  @Test
  void unconfigured_settings_are_those_the_hand_built_settings_use() {
    AdmissionSettings configured =
        AdmissionSettings.from(ConfigDefaults.of(ResourcesConfig.class), false);
    assertEquals(new AdmissionSettings(false, 20, 0.8), configured);
  }

  @Test
  void development_mode_relaxes_the_buffer_and_the_consumption_factor() {
    AdmissionSettings configured =
        AdmissionSettings.from(ConfigDefaults.of(ResourcesConfig.class), true);
    assertEquals(5.0, configured.bufferPercent());
    assertEquals(0.5, configured.consumptionFactor());
  }

  @Test
  void a_configured_buffer_wins_over_the_mode_default() {
    ResourcesConfig config = ConfigDefaults.of(ResourcesConfig.class);
    config.bufferPercent = java.util.Optional.of(30.0);
    assertEquals(30.0, AdmissionSettings.from(config, true).bufferPercent());
  }
}
