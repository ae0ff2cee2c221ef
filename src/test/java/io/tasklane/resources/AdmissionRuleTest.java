package io.tasklane.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdmissionRuleTest {
  static final AdmissionRule PRODUCTION = new AdmissionRule(new AdmissionSettings(false, 20, 0.8));
  static final AdmissionRule DEV = new AdmissionRule(new AdmissionSettings(true, 5, 0.5));
  static final ResourceEstimate BACKTEST = new ResourceEstimate(1.0, 0.5);

  @Test
  void the_seeds_worked_example_is_approved_with_what_will_remain() {
    // 8 cores, 16 GB: min 1.6 cores and 3.2 GB; a backtest is predicted at 0.8 cores and 0.4 GB.
    assertEquals(1.6, PRODUCTION.minCores(8), 1e-9);
    assertEquals(3.2, PRODUCTION.minRamGb(16), 1e-9);

    AdmissionRule.Decision decision = PRODUCTION.evaluate(8, 16, 6.4, 12.5, BACKTEST);

    assertTrue(decision.admitted());
    assertEquals(5.6, decision.coresAfter(), 1e-9);
    assertEquals(12.1, decision.ramGbAfter(), 1e-9);
    assertEquals("Can run: 5.6 cores and 12.1GB RAM will remain", decision.reason());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // case | total cores | total GB | available cores | available GB | need cores | need GB |
        // admitted | reason
        "idle 2-core machine takes one backtest|2|24|2.0|20|1.0|0.5|true|Can run: 1.2 cores and 19.6GB RAM will remain",
        "exactly the buffer left is enough|2|24|1.2|20|1.0|0.5|true|Can run: 0.4 cores and 19.6GB RAM will remain",
        "a hair below the buffer is not|2|24|1.19|20|1.0|0.5|false|Insufficient CPU: need 1.0 cores, available 1.19 cores, would leave 0.39 cores (min: 0.4 cores)",
        "leaving exactly the RAM minimum is enough|8|1|6.0|0.6|1.0|0.5|true|Can run: 5.2 cores and 0.2GB RAM will remain",
        "RAM short below min|8|1.5|6.0|0.6|1.0|0.5|false|Insufficient RAM: need 0.5GB, available 0.6GB, would leave 0.2GB (min: 0.3GB)",
        "both short, both said|2|2|0.5|0.5|1.0|0.5|false|Insufficient CPU: need 1.0 cores, available 0.5 cores, would leave -0.3 cores (min: 0.4 cores); Insufficient RAM: need 0.5GB, available 0.5GB, would leave 0.1GB (min: 0.4GB)",
        "a remote task needs nothing|2|24|0.0|0.1|0.0|0.0|false|Insufficient CPU: need 0.0 cores, available 0.0 cores, would leave 0.0 cores (min: 0.4 cores); Insufficient RAM: need 0.0GB, available 0.1GB, would leave 0.1GB (min: 4.8GB)",
        "model training on 8 cores|8|16|6.4|12.5|2.0|1.5|true|Can run: 4.8 cores and 11.3GB RAM will remain",
      })
  void production_rule_keeps_twenty_percent_free(
      String name,
      int totalCores,
      double totalGb,
      double availableCores,
      double availableGb,
      double needCores,
      double needGb,
      boolean admitted,
      String reason) {
    AdmissionRule.Decision decision =
        PRODUCTION.evaluate(
            totalCores,
            totalGb,
            availableCores,
            availableGb,
            new ResourceEstimate(needCores, needGb));
    assertEquals(admitted, decision.admitted());
    assertEquals(reason, decision.reason());
  }

  @Test
  void dev_mode_keeps_five_percent_and_counts_half_the_estimate() {
    // 8 cores, 16 GB: min 0.4 cores and 0.8 GB; a backtest is predicted at 0.5 cores and 0.25 GB.
    assertEquals(0.4, DEV.minCores(8), 1e-9);
    assertEquals(0.8, DEV.minRamGb(16), 1e-9);
    AdmissionRule.Decision tight = DEV.evaluate(8, 16, 0.9, 1.05, BACKTEST);
    assertTrue(tight.admitted(), tight::reason);
    assertEquals(0.4, tight.coresAfter(), 1e-9);
    assertEquals(0.8, tight.ramGbAfter(), 1e-9);
    assertFalse(PRODUCTION.evaluate(8, 16, 0.9, 1.05, BACKTEST).admitted());
  }

  @Test
  void on_an_idle_two_core_machine_exactly_two_backtests_fit_in_production_and_three_in_dev_mode() {
    assertEquals(2, howManyFit(PRODUCTION, 2, 24));
    assertEquals(3, howManyFit(DEV, 2, 24));
  }

  private static int howManyFit(AdmissionRule rule, int cores, double ram) {
    double availableCores = cores;
    double availableRam = ram;
    int admitted = 0;
    while (true) {
      AdmissionRule.Decision d = rule.evaluate(cores, ram, availableCores, availableRam, BACKTEST);
      if (!d.admitted()) {
        return admitted;
      }
      admitted++;
      availableCores = d.coresAfter();
      availableRam = d.ramGbAfter();
    }
  }

  @Test
  void a_requirement_bigger_than_the_machine_is_refused_up_front() {
    String why = PRODUCTION.neverFits(2, 24, new ResourceEstimate(2.5, 1.0)).orElseThrow();
    assertTrue(
        why.startsWith(
            "This task could never start here: even on the idle machine (2 cores, 24.0GB RAM, 20.0% kept free"),
        why);
    assertTrue(why.contains("Insufficient CPU: need 2.5 cores"), why);
    assertTrue(why.endsWith("Lower estimated_cpu_cores or estimated_ram_gb."), why);
    // 2 cores counted at 80 % leave exactly the 20 % buffer of an idle 2-core machine.
    assertTrue(PRODUCTION.neverFits(2, 24, new ResourceEstimate(2.0, 1.0)).isEmpty());
    assertTrue(PRODUCTION.neverFits(2, 24, new ResourceEstimate(1.0, 25.0)).isPresent());
    assertTrue(PRODUCTION.neverFits(2, 24, new ResourceEstimate(0, 0)).isEmpty());
  }

  @Test
  void settings_outside_their_range_are_refused_at_start() {
    assertThrows(IllegalArgumentException.class, () -> new AdmissionSettings(false, 100, 0.8));
    assertThrows(IllegalArgumentException.class, () -> new AdmissionSettings(false, -1, 0.8));
    assertThrows(IllegalArgumentException.class, () -> new AdmissionSettings(false, 20, 0));
    assertThrows(IllegalArgumentException.class, () -> new AdmissionSettings(false, 20, 1.5));
  }

  @Test
  void estimates_below_the_floor_are_raised_to_it_and_others_kept() {
    assertEquals(new ResourceEstimate(0.05, 0.05), PRODUCTION.bounded(new ResourceEstimate(0, 0)));
    assertEquals(
        new ResourceEstimate(0.05, 0.5), PRODUCTION.bounded(new ResourceEstimate(0.01, 0.5)));
    assertEquals(BACKTEST, PRODUCTION.bounded(BACKTEST));
    AdmissionRule custom = new AdmissionRule(new AdmissionSettings(false, 20, 0.8, 10, 0.25, 0.5));
    assertEquals(new ResourceEstimate(0.25, 0.5), custom.bounded(new ResourceEstimate(0, 0)));
  }

  @Test
  void eight_zero_estimates_raised_to_the_floor_no_longer_all_fit_a_small_machine() {
    // An idle 2-core machine keeps 0.4 cores free; a floored task is predicted at 0.04 cores.
    ResourceEstimate floored = PRODUCTION.bounded(new ResourceEstimate(0, 0));
    double available = 0.9;
    int admitted = 0;
    for (int i = 0; i < 80; i++) {
      AdmissionRule.Decision decision = PRODUCTION.evaluate(2, 24, available, 20, floored);
      if (decision.admitted()) {
        admitted++;
        available = decision.coresAfter();
      }
    }
    assertEquals(12, admitted);
  }

  @Test
  void heap_buffer_and_floors_outside_their_range_are_refused_at_start() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new AdmissionSettings(false, 20, 0.8, 100, 0.05, 0.05));
    assertThrows(
        IllegalArgumentException.class, () -> new AdmissionSettings(false, 20, 0.8, 10, 0, 0.05));
    assertThrows(
        IllegalArgumentException.class, () -> new AdmissionSettings(false, 20, 0.8, 10, 0.05, -1));
  }

  @Test
  void model_trainings_default_is_scaled_to_start_on_two_cores_at_30_percent_background_load() {
    ResourceEstimate training = new ResourceEstimate(2.0, 1.5);

    ResourceEstimate onTwoCores = PRODUCTION.scaledDefault(training, 2, null);

    assertEquals(1.25, onTwoCores.cpuCores(), 1e-9);
    assertEquals(1.5, onTwoCores.ramGb(), 1e-9);
    assertTrue(PRODUCTION.evaluate(2, 24, 2 * 0.7, 20, onTwoCores).admitted());
    assertFalse(PRODUCTION.evaluate(2, 24, 2 * 0.7, 20, training).admitted());
  }

  @Test
  void a_default_that_fits_a_large_host_is_left_as_it_is() {
    ResourceEstimate training = new ResourceEstimate(2.0, 1.5);

    assertEquals(training, PRODUCTION.scaledDefault(training, 16, null));
    assertEquals(1.0, PRODUCTION.scaledDefault(BACKTEST, 2, null).cpuCores(), 1e-9);
    assertEquals(0.625, PRODUCTION.scaledDefault(BACKTEST, 1, null).cpuCores(), 1e-9);
  }
}
