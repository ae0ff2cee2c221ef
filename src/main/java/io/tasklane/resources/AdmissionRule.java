package io.tasklane.resources;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place that decides whether a local task may start: its predicted consumption (estimate
 * times the consumption factor) must leave at least the buffer share of all cores and of all RAM
 * free, and its heap need must leave the heap buffer of the JVM's max heap free. Local tasks run
 * inside the server's JVM, so the heap runs out before host RAM does; until profiles are learned, a
 * task's RAM estimate is taken as its heap need, in full (it is what the task allocates, not a
 * share of the machine that other processes compete for). Pure arithmetic on the figures it is
 * given, so it is tested with fixed snapshots.
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

  private static final String HEAP_SHORTAGE = "Insufficient heap";

  /**
   * The verdict, with the seed's wording of why a task waits or how much will remain; {@code
   * heapGbAfter} is NaN when the heap was not checked.
   */
  public record Decision(
      boolean admitted, String reason, double coresAfter, double ramGbAfter, double heapGbAfter) {

    /** Held back by the heap and nothing else (the heap shortage is always named last). */
    public boolean heldByHeapAlone() {
      return !admitted && reason.startsWith(HEAP_SHORTAGE);
    }
  }

  /**
   * The JVM heap as admission sees it.
   *
   * @param availableGb the max heap less the live set after the last collection and the heap
   *     reserved for tasks of this instance
   */
  public record Heap(double maxGb, double availableGb) {}

  /** An estimate raised to the floors: what the task is stored with and admitted by. */
  public ResourceEstimate bounded(ResourceEstimate estimate) {
    return new ResourceEstimate(
        Math.max(estimate.cpuCores(), settings.minCpuCores()),
        Math.max(estimate.ramGb(), settings.minRamGb()));
  }

  /**
   * A task type's default RAM estimate, as far as this server's heap can ever give it: a default
   * must never make a task impossible to submit (on a small machine the whole usable heap goes to
   * that one task; a user's own estimate beyond it is still refused).
   */
  public double defaultRamWithinHeap(double defaultRamGb, Double maxHeapGb) {
    if (maxHeapGb == null) {
      return defaultRamGb;
    }
    return Math.max(settings.minRamGb(), Math.min(defaultRamGb, maxHeapGb - minHeapGb(maxHeapGb)));
  }

  /**
   * A task type's default estimate as it fits this host: its cores capped at {@link
   * #defaultCoresCap}, its RAM at the usable heap. Only defaults are scaled; a user's own estimate
   * is taken as given (and refused if it could never fit).
   */
  public ResourceEstimate scaledDefault(
      ResourceEstimate defaults, int totalCores, Double maxHeapGb) {
    return new ResourceEstimate(
        Math.max(
            settings.minCpuCores(), Math.min(defaults.cpuCores(), defaultCoresCap(totalCores))),
        defaultRamWithinHeap(defaults.ramGb(), maxHeapGb));
  }

  /**
   * The most cores a type's default may ask for on a host of {@code totalCores}: what still starts
   * while other processes use {@code default-background-percent} of the cores, the buffer stays
   * free and the estimate is counted at the consumption factor. On 2 cores at 30 % background, a 20
   * % buffer and 0.8: 2 × (1 − 0.3 − 0.2) / 0.8 = 1.25 cores; on 16 cores, 10.
   */
  public double defaultCoresCap(int totalCores) {
    return totalCores
        * (100 - settings.defaultBackgroundPercent() - settings.bufferPercent())
        / 100
        / settings.consumptionFactor();
  }

  public double minHeapGb(double maxHeapGb) {
    return maxHeapGb * settings.heapBufferPercent() / 100;
  }

  public double minCores(int totalCores) {
    return totalCores * settings.bufferPercent() / 100;
  }

  public double minRamGb(double totalRamGb) {
    return totalRamGb * settings.bufferPercent() / 100;
  }

  /** The rule without the heap, for a snapshot that has no heap figures. */
  public Decision evaluate(
      int totalCores,
      double totalRamGb,
      double availableCores,
      double availableRamGb,
      ResourceEstimate need) {
    return evaluate(totalCores, totalRamGb, availableCores, availableRamGb, null, need);
  }

  /**
   * @param availableCores cores free now, less what admitted tasks not yet visible in the
   *     measurement are predicted to take
   * @param availableRamGb the same for RAM
   * @param heap the JVM heap; null to leave it unchecked
   */
  public Decision evaluate(
      int totalCores,
      double totalRamGb,
      double availableCores,
      double availableRamGb,
      Heap heap,
      ResourceEstimate need) {
    return evaluate(totalCores, totalRamGb, availableCores, availableRamGb, heap, need, true);
  }

  /**
   * The rule for a short task admitted against the {@link BurstAllowance}: its CPU comes from the
   * allowance, so only RAM and the heap are checked here (the caller takes the allowance).
   */
  public Decision evaluateShort(
      int totalCores,
      double totalRamGb,
      double availableCores,
      double availableRamGb,
      Heap heap,
      ResourceEstimate need) {
    return evaluate(totalCores, totalRamGb, availableCores, availableRamGb, heap, need, false);
  }

  private Decision evaluate(
      int totalCores,
      double totalRamGb,
      double availableCores,
      double availableRamGb,
      Heap heap,
      ResourceEstimate need,
      boolean checkCpu) {
    double coresAfter =
        checkCpu ? availableCores - need.cpuCores() * settings.consumptionFactor() : availableCores;
    double ramAfter = availableRamGb - need.ramGb() * settings.consumptionFactor();
    double minCores = minCores(totalCores);
    double minRam = minRamGb(totalRamGb);
    List<String> shortages = new ArrayList<>(2);
    if (checkCpu && coresAfter < minCores - EPSILON) {
      shortages.add(
          shortage("CPU", " cores", need.cpuCores(), availableCores, coresAfter, minCores));
    }
    if (ramAfter < minRam - EPSILON) {
      shortages.add(shortage("RAM", "GB", need.ramGb(), availableRamGb, ramAfter, minRam));
    }
    double heapAfter = Double.NaN;
    if (heap != null) {
      heapAfter = heap.availableGb() - need.ramGb();
      double minHeap = minHeapGb(heap.maxGb());
      if (heapAfter < minHeap - EPSILON) {
        shortages.add(shortage("heap", "GB", need.ramGb(), heap.availableGb(), heapAfter, minHeap));
      }
    }
    if (!shortages.isEmpty()) {
      return new Decision(false, String.join("; ", shortages), coresAfter, ramAfter, heapAfter);
    }
    String remaining =
        heap == null
            ? number(coresAfter) + " cores and " + number(ramAfter) + "GB RAM"
            : number(coresAfter)
                + " cores, "
                + number(ramAfter)
                + "GB RAM and "
                + number(heapAfter)
                + "GB heap";
    return new Decision(
        true,
        (checkCpu ? "Can run: " : "Can run on the short-task allowance: ")
            + remaining
            + " will remain",
        coresAfter,
        ramAfter,
        heapAfter);
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

  /**
   * Why a task with this estimate could never start on a machine of this size with this max heap
   * (null: not measured), if so.
   */
  public Optional<String> neverFits(
      int totalCores, double totalRamGb, Double maxHeapGb, ResourceEstimate need) {
    Optional<String> machine = neverFits(totalCores, totalRamGb, need);
    if (machine.isPresent() || maxHeapGb == null) {
      return machine;
    }
    double usable = maxHeapGb - minHeapGb(maxHeapGb);
    if (need.ramGb() <= usable + EPSILON) {
      return Optional.empty();
    }
    return Optional.of(
        "This task could never start here: estimated_ram_gb is taken as the task's heap need ("
            + number(need.ramGb())
            + "GB), and this server's max heap is "
            + number(maxHeapGb)
            + "GB, of which "
            + number(settings.heapBufferPercent())
            + "% is kept free ("
            + number(usable)
            + "GB usable). Lower estimated_ram_gb, or give the server a larger max heap (-Xmx).");
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
  public static String number(double value) {
    BigDecimal rounded =
        BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
    return rounded.scale() <= 0 ? rounded.setScale(1).toPlainString() : rounded.toPlainString();
  }
}
