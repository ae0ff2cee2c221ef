package io.tasklane.pipelines;

import io.tasklane.scheduling.Housekeeping;
import io.tasklane.tasks.TaskEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves pipelines on: at once when one of their step tasks ended (after that end committed), and as
 * a periodic sweep over running pipelines, which carries on whatever an advance interrupted by a
 * crash or a restart left undone.
 */
@ApplicationScoped
public class PipelineProgress implements Housekeeping {
  private static final Logger LOG = Logger.getLogger(PipelineProgress.class.getName());
  static final Duration SWEEP = Duration.ofSeconds(5);
  private static final int SWEEP_LIMIT = 200;

  @Inject PipelineStore pipelines;
  @Inject PipelineAdvance advance;

  void onTaskEvent(@Observes(during = TransactionPhase.AFTER_SUCCESS) TaskEvent event) {
    if (event instanceof TaskEvent.Ended ended) {
      try {
        pipelines.pipelineOfTask(ended.taskId()).ifPresent(advance::advance);
      } catch (RuntimeException e) {
        // The sweep advances it shortly.
        LOG.log(Level.WARNING, "Advancing the pipeline of task " + ended.taskId() + " failed", e);
      }
    }
  }

  @Override
  public String name() {
    return "pipeline sweep";
  }

  @Override
  public Duration every() {
    return SWEEP;
  }

  @Override
  public void run() {
    for (UUID id : pipelines.running(SWEEP_LIMIT)) {
      advance.advance(id);
    }
  }
}
