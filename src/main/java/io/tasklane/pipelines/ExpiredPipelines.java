package io.tasklane.pipelines;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Pipelines past the retention age go with their steps. Their steps' tasks are ordinary tasks that
 * ended before the pipeline did, so the retention of tasks takes them; a pipeline's page shows a
 * step whose task is gone from the step's own row.
 */
@ApplicationScoped
public class ExpiredPipelines {
  @Inject PipelineStore pipelines;

  /** Deletes up to {@code limit} pipelines that ended before {@code cutoff}; returns how many. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public int deleteEndedBefore(Instant cutoff, int limit) {
    List<UUID> ids = pipelines.endedBefore(cutoff, limit);
    pipelines.delete(ids);
    return ids.size();
  }
}
