package io.tasklane.scheduling;

import io.tasklane.tasks.Lane;
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

  private final ToIntFunction<Lane> running;
  private final Launcher launcher;

  AdmissionPass(ToIntFunction<Lane> running, Launcher launcher) {
    this.running = running;
    this.launcher = launcher;
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

  /** As {@link #claimAndLaunch(UUID, Predicate)}, started on {@code grantedCores}. */
  public boolean claimAndLaunch(UUID taskId, Predicate<UUID> gate, double grantedCores) {
    return launcher.claimAndLaunch(taskId, gate, OptionalDouble.of(grantedCores));
  }
}
