package io.tasklane.sweeps;

import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sweeps past the retention age go whole: their results, their chunk rows and their chunk tasks,
 * which the retention of ordinary tasks leaves to them (a running sweep reads its chunks' states,
 * so a chunk must outlive it).
 */
@ApplicationScoped
public class ExpiredSweeps {
  @Inject SweepStore sweeps;
  @Inject SweepResultStore results;
  @Inject TaskStore tasks;

  /** Deletes up to {@code limit} sweeps that ended before {@code cutoff}; returns how many. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public int deleteEndedBefore(Instant cutoff, int limit) {
    List<UUID> ids = sweeps.endedBefore(cutoff, limit);
    for (UUID id : ids) {
      List<UUID> chunkTasks = sweeps.chunks(id).stream().map(Sweep.Chunk::taskId).toList();
      results.deleteAll(id);
      sweeps.delete(id);
      tasks.deleteFinished(chunkTasks);
    }
    return ids.size();
  }
}
