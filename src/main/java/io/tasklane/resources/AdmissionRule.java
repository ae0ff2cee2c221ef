package io.tasklane.resources;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place that decides whether a local task may start: its predicted consumption (estimate
 * times the consumption factor) must leave at least the buffer share of all cores and of all RAM
 * free. Pure arithmetic on the figures it is given, so it is tested with fixed snapshots.
 */
public final class AdmissionRule {
  private static final double EPSILON = 1e-9;
  private final AdmissionSettings settings;

  public AdmissionRule(AdmissionSettings settings) {
    this.settings = settings;
  }

  public AdmissionSettings settings() {
    return settings;
  }

  /** The verdict, with the seed's wording of why a task waits or how much will remain. */
  public record Decision(boolean admitted, String reason, double coresAfter, double ramGbAfter) {}

  public double minCores(int totalCores) {
    return totalCores * settings.bufferPercent() / 100;
  }

  public double minRamGb(double totalRamGb) {
    return totalRamGb * settings.bufferPercent() / 100;
  }

  /**
   * @param availableCores cores free now, less what admitted tasks not yet visible in the
   *     measurement are predicted to take
   * @param availableRamGb the same for RAM
   */
  public Decision evaluate(
      int totalCores,
      double totalRamGb,
      double availableCores,
      double availableRamGb,
      ResourceEstimate need) {
    double coresAfter = availableCores - need.cpuCores() * settings.consumptionFactor();
    double ramAfter = availableRamGb - need.ramGb() * settings.consumptionFactor();
    double minCores = minCores(totalCores);
    double minRam = minRamGb(totalRamGb);
    List<String> shortages = new ArrayList<>(2);
    if (coresAfter < minCores - EPSILON) {
      shortages.add(
          shortage("CPU", " cores", need.cpuCores(), availableCores, coresAfter, minCores));
    }
    if (ramAfter < minRam - EPSILON) {
      shortages.add(shortage("RAM", "GB", need.ramGb(), availableRamGb, ramAfter, minRam));
    }
    if (!shortages.isEmpty()) {
      return new Decision(false, String.join("; ", shortages), coresAfter, ramAfter);
    }
    return new Decision(
        true,
        "Can run: " + number(coresAfter) + " cores and " + number(ramAfter) + "GB RAM will remain",
        coresAfter,
        ramAfter);
  }

  /** The seed's wording: "Insufficient RAM: need 0.5GB, available 0.3GB, would leave ...". */
  private static String shortage(
      String resource, String unit, double need, double available, double after, double min) {
    return "Insufficient "
        + resource
        + ": need "
        + number(need)
        + unit
        + ", available "
        + number(available)
        + unit
        + ", would leave "
        + number(after)
        + unit
        + " (min: "
        + number(min)
        + unit
        + ")";
  }

  /** Why a task with this estimate could never start on a machine of this size, if so. */
  public Optional<String> neverFits(int totalCores, double totalRamGb, ResourceEstimate need) {
    Decision onIdleMachine = evaluate(totalCores, totalRamGb, totalCores, totalRamGb, need);
    if (onIdleMachine.admitted()) {
      return Optional.empty();
    }
    return Optional.of(
        "This task could never start here: even on the idle machine ("
            + totalCores
            + " cores, "
            + number(totalRamGb)
            + "GB RAM, "
            + number(settings.bufferPercent())
            + "% kept free, estimates counted at "
            + number(settings.consumptionFactor() * 100)
            + "%): "
            + onIdleMachine.reason()
            + ". Lower estimated_cpu_cores or estimated_ram_gb.");
  }

  /** Two decimals at most, no trailing zeros: 0.5, 0.05, 12.1. */
  static String number(double value) {
    BigDecimal rounded =
        BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
    return rounded.scale() <= 0 ? rounded.setScale(1).toPlainString() : rounded.toPlainString();
  }
}
