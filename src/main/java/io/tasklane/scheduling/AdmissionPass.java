package io.tasklane.scheduling;

import io.tasklane.tasks.Lane;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/** What a {@link LaneAdmission} may do during one pass: count what runs here, claim and launch. */
public final class AdmissionPass {
  private final ToIntFunction<Lane> running;
  private final BiPredicate<UUID, Predicate<UUID>> claimAndLaunch;

  AdmissionPass(ToIntFunction<Lane> running, BiPredicate<UUID, Predicate<UUID>> claimAndLaunch) {
    this.running = running;
    this.claimAndLaunch = claimAndLaunch;
  }

  /** Tasks of {@code lane} this instance runs now. */
  public int runningHere(Lane lane) {
    return running.applyAsInt(lane);
  }

  /** Claims the task and starts it; false when another instance claimed it first. */
  public boolean claimAndLaunch(UUID taskId) {
    return claimAndLaunch.test(taskId, id -> true);
  }

  /**
   * Claims the task together with what {@code gate} takes in the same transaction (a node slot,
   * say) and starts it; false when the gate refuses or another instance claimed it first.
   */
  public boolean claimAndLaunch(UUID taskId, Predicate<UUID> gate) {
    return claimAndLaunch.test(taskId, gate);
  }
}
