package io.tasklane.scheduling;

import io.tasklane.tasks.Lane;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/** What a {@link LaneAdmission} may do during one pass: count what runs here, claim and launch. */
public final class AdmissionPass {
  /** Claims a task through a gate and starts it on the cores granted (empty: its estimate). */
  @FunctionalInterface
  interface Launcher {
    boolean claimAndLaunch(UUID taskId, Predicate<UUID> gate, OptionalDouble grantedCores);
  }

  /** A task admitted for the claim at the end of its lane's turn. */
  record Admitted(UUID taskId, Predicate<UUID> gate, OptionalDouble grantedCores) {}

  /** Claims admitted tasks together, in one transaction, and starts those it claimed. */
  @FunctionalInterface
  interface BatchLauncher {
    void claimAndLaunchAll(List<Admitted> admitted);
  }

  private final ToIntFunction<Lane> running;
  private final Launcher launcher;
  private final BatchLauncher batchLauncher;
  private final List<Admitted> admitted = new ArrayList<>();

  AdmissionPass(ToIntFunction<Lane> running, Launcher launcher, BatchLauncher batchLauncher) {
    this.running = running;
    this.launcher = launcher;
    this.batchLauncher = batchLauncher;
  }

  /** Tasks of {@code lane} this instance runs now. */
  public int runningHere(Lane lane) {
    return running.applyAsInt(lane);
  }

  /** Claims the task and starts it; false when another instance claimed it first. */
  public boolean claimAndLaunch(UUID taskId) {
    return claimAndLaunch(taskId, id -> true);
  }

  /**
   * Claims the task together with what {@code gate} takes in the same transaction (a node slot,
   * say) and starts it; false when the gate refuses or another instance claimed it first.
   */
  public boolean claimAndLaunch(UUID taskId, Predicate<UUID> gate) {
    return launcher.claimAndLaunch(taskId, gate, OptionalDouble.empty());
  }

  /**
   * Admits the task for a claim together with the others this lane admits in this pass, when its
   * turn ends ({@link #claimAdmitted}): one transaction for all of them instead of one each. The
   * lane counts it as started; one that another instance claimed first is simply not started (and
   * the scheduler looks again at once).
   */
  public void admit(UUID taskId, Predicate<UUID> gate, double grantedCores) {
    admitted.add(new Admitted(taskId, gate, OptionalDouble.of(grantedCores)));
  }

  /** Claims and starts what the lane admitted in its turn. */
  void claimAdmitted() {
    if (!admitted.isEmpty()) {
      List<Admitted> batch = List.copyOf(admitted);
      admitted.clear();
      batchLauncher.claimAndLaunchAll(batch);
    }
  }

  /** As {@link #claimAndLaunch(UUID, Predicate)}, started on {@code grantedCores}. */
  public boolean claimAndLaunch(UUID taskId, Predicate<UUID> gate, double grantedCores) {
    return launcher.claimAndLaunch(taskId, gate, OptionalDouble.of(grantedCores));
  }
}
