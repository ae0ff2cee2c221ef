package io.tasklane.retention;

import io.tasklane.events.EventOutbox;
import io.tasklane.models.TrainedModels;
import io.tasklane.pipelines.ExpiredPipelines;
import io.tasklane.sweeps.ExpiredSweeps;
import io.tasklane.tasks.TaskHandlers;
import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One bounded deletion per call, each in a transaction of its own. */
@ApplicationScoped
public class RetentionBatch {
  @Inject TaskStore tasks;
  @Inject TrainedModels models;
  @Inject EventOutbox outbox;
  @Inject TaskHandlers handlers;
  @Inject ExpiredSweeps sweeps;
  @Inject ExpiredPipelines pipelines;

  /**
   * Deletes up to {@code limit} tasks that ended before {@code cutoff}, with their stored
   * predictions; returns how many tasks were found. A workflow's internal tasks (a sweep's chunks)
   * are left to it: they go with their sweep.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public int deleteFinishedTasks(Instant cutoff, int limit) {
    List<UUID> ids = tasks.finishedBefore(cutoff, limit, handlers.unlistedTypes());
    models.deletePredictions(ids);
    tasks.deleteFinished(ids);
    return ids.size();
  }

  /** Deletes up to {@code limit} sweeps that ended before {@code cutoff}, whole. */
  public int deleteSweeps(Instant cutoff, int limit) {
    return sweeps.deleteEndedBefore(cutoff, limit);
  }

  /** Deletes up to {@code limit} pipelines that ended before {@code cutoff}, with their steps. */
  public int deletePipelines(Instant cutoff, int limit) {
    return pipelines.deleteEndedBefore(cutoff, limit);
  }

  /** Deletes up to {@code limit} outbox events written before {@code cutoff}. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public int deleteEvents(Instant cutoff, int limit) {
    return outbox.deleteOlderThan(cutoff, limit);
  }
}
