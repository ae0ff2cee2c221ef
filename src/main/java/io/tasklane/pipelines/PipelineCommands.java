package io.tasklane.pipelines;

import io.tasklane.security.Caller;
import io.tasklane.system.ProblemException;
import io.tasklane.tasks.Task;
import io.tasklane.tasks.TaskConflict;
import io.tasklane.tasks.TaskEvents;
import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** What a caller may do to a pipeline: see it, cancel it. */
@ApplicationScoped
public class PipelineCommands {
  @Inject PipelineStore pipelines;
  @Inject TaskStore tasks;
  @Inject TaskEvents taskEvents;
  @Inject Event<PipelineEvent> events;
  @Inject Clock clock;

  /** The pipeline if the caller may see it; otherwise 404. */
  public Pipeline visible(UUID id, Caller caller) {
    return pipelines
        .find(id)
        .filter(p -> p.isVisibleTo(caller.name(), caller.admin()))
        .orElseThrow(() -> new ProblemException.NotFound("No pipeline " + id + "."));
  }

  /**
   * Cancels the pipeline and its unfinished steps in one transaction: their tasks are cancelled (a
   * running one stops on the instance that runs it) and no further step is released.
   */
  @Transactional
  public Pipeline cancel(UUID id, Caller caller) {
    visible(id, caller);
    Pipeline pipeline = pipelines.findLocked(id).orElseThrow();
    if (pipeline.status().isFinal()) {
      throw new TaskConflict(
          "Pipeline " + id + " is already " + pipeline.status().wireName() + ".");
    }
    Instant now = Instant.now(clock);
    for (PipelineStep step : pipelines.steps(id)) {
      if (step.status().isFinal()) {
        continue;
      }
      if (!step.isGate()) {
        tasks
            .find(step.taskId())
            .filter(t -> !t.status().isTerminal())
            .ifPresent(t -> cancelTask(t, now));
      }
      step.moveTo(StepStatus.CANCELLED, "Cancelled with its pipeline");
      events.fire(
          new PipelineEvent.StepChanged(
              id,
              pipeline.userId(),
              step.stepId(),
              step.status().wireName(),
              null,
              step.detail(),
              now));
    }
    pipeline.finish(PipelineStatus.CANCELLED, "Cancelled by " + caller.name(), now);
    events.fire(
        new PipelineEvent.Ended(
            id,
            pipeline.userId(),
            pipeline.name(),
            pipeline.status().wireName(),
            pipeline.detail(),
            now));
    return pipeline;
  }

  private void cancelTask(Task task, Instant now) {
    task.cancel("Cancelled with its pipeline", now);
    tasks.flush();
    taskEvents.publish(task);
  }
}
