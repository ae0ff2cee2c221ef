package io.tasklane.sweeps;

import io.tasklane.tasks.TaskEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** When a chunk task ends (committed), its sweep may be done. */
@ApplicationScoped
public class SweepChunkEnded {
  private static final Logger LOG = Logger.getLogger(SweepChunkEnded.class.getName());

  @Inject SweepStore sweeps;
  @Inject SweepProgress progress;

  void onEnded(@Observes(during = TransactionPhase.AFTER_SUCCESS) TaskEvent event) {
    if (!(event instanceof TaskEvent.Ended) || !event.taskType().equals(SweepChunkHandler.TYPE)) {
      return;
    }
    try {
      sweeps.sweepOfChunk(event.taskId()).ifPresent(progress::finishIfDone);
    } catch (RuntimeException e) {
      // Reading the sweep ends it later; the task's own outcome is already stored.
      LOG.log(Level.WARNING, "Could not check the sweep of chunk " + event.taskId(), e);
    }
  }
}
