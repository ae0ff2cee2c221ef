package io.tasklane.pipelines;

import io.tasklane.scheduling.Housekeeping;
import io.tasklane.tasks.TaskEvent;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  /** Key of the ended tasks a transaction noted. */
  private static final Object ENDED = new Object();

  @Inject PipelineStore pipelines;
  @Inject PipelineAdvance advance;
  @Resource TransactionSynchronizationRegistry transaction;

  /**
   * Notes an ended task in the transaction that ended it; once that commits, the pipelines of all
   * the tasks it ended are looked up together and moved on. A group commit of a hundred outcomes
   * thus costs one lookup, not a hundred (issue 25).
   */
  void onTaskEvent(@Observes TaskEvent event) {
    if (!(event instanceof TaskEvent.Ended ended)) {
      return;
    }
    if (transaction.getTransactionKey() == null) {
      advancePipelinesOf(List.of(ended.taskId())); // already stored: nothing to wait for
      return;
    }
    @SuppressWarnings("unchecked")
    List<UUID> noted = (List<UUID>) transaction.getResource(ENDED);
    if (noted == null) {
      List<UUID> endedHere = new ArrayList<>();
      transaction.putResource(ENDED, endedHere);
      transaction.registerInterposedSynchronization(
          new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
              if (status == Status.STATUS_COMMITTED) {
                advancePipelinesOf(endedHere);
              }
            }
          });
      noted = endedHere;
    }
    noted.add(ended.taskId());
  }

  private void advancePipelinesOf(List<UUID> endedTasks) {
    List<UUID> ids;
    try {
      ids = pipelines.pipelinesOfTasks(endedTasks);
    } catch (RuntimeException e) {
      // The sweep advances them shortly.
      LOG.log(
          Level.WARNING,
          "Finding the pipelines of " + endedTasks.size() + " ended tasks failed",
          e);
      return;
    }
    for (UUID id : ids) {
      try {
        advance.advance(id);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Advancing pipeline " + id + " failed; the sweep will", e);
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
