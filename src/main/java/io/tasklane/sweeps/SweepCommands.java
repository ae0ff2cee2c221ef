package io.tasklane.sweeps;

import io.tasklane.security.Caller;
import io.tasklane.system.ProblemException;
import io.tasklane.tasks.TaskCancellation;
import io.tasklane.tasks.TaskConflict;
import io.tasklane.tasks.TaskStatus;
import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;

/** What a caller may do to an existing sweep: find it (owner or admin) and cancel it. */
@ApplicationScoped
public class SweepCommands {

  @Inject SweepStore sweeps;
  @Inject SweepProgress progress;
  @Inject TaskCancellation cancellation;
  @Inject TaskStore tasks;

  /** The sweep if the caller may see it; otherwise 404, so others' ids reveal nothing. */
  Sweep visible(UUID id, Caller caller) {
    return sweeps
        .find(id)
        .filter(sweep -> sweep.isVisibleTo(caller.name(), caller.admin()))
        .orElseThrow(() -> new ProblemException.NotFound("No sweep " + id + "."));
  }

  /** The sweep as it is now, ended first if its last chunk ended without ending it (a crash). */
  Sweep current(UUID id, Caller caller) {
    Sweep sweep = visible(id, caller);
    if (sweep.status().equals(Sweep.RUNNING)) {
      progress.finishIfDone(id);
      return visible(id, caller);
    }
    return sweep;
  }

  /**
   * Cancels every unfinished chunk, each in its own transaction as a task cancel is (a running one
   * stops at its next check), then ends the sweep as cancelled.
   */
  Sweep cancel(UUID id, Caller caller) {
    Sweep sweep = visible(id, caller);
    if (!sweep.status().equals(Sweep.RUNNING)) {
      throw new ProblemException.Conflict("Sweep " + id + " is already " + sweep.status() + ".");
    }
    Map<UUID, TaskStatus> statuses =
        tasks.statuses(sweeps.chunks(id).stream().map(Sweep.Chunk::taskId).toList());
    Caller owner = new Caller(sweep.userId(), caller.admin());
    statuses.forEach(
        (taskId, status) -> {
          if (!status.isTerminal()) {
            cancelChunk(taskId, owner);
          }
        });
    progress.finishIfDone(id);
    return visible(id, caller);
  }

  /** A chunk admitted or ending at the same moment is cancelled on its fresh state. */
  private void cancelChunk(UUID taskId, Caller owner) {
    try {
      cancellation.cancel(taskId, owner);
    } catch (TaskConflict endedMeanwhile) {
      // it ended on its own in the meantime: nothing left to stop
    }
  }
}
