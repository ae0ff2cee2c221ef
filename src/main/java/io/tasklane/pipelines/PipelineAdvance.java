package io.tasklane.pipelines;

import io.tasklane.system.ProblemException;
import io.tasklane.tasks.SubmitTaskRequest;
import io.tasklane.tasks.Task;
import io.tasklane.tasks.TaskStore;
import io.tasklane.tasks.TaskSubmission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Brings a pipeline up to date with its tasks: records steps whose task ended, evaluates gates
 * whose step completed, releases steps whose dependencies all succeeded (creating their task with
 * references resolved), skips those behind a failure or a closed gate, and ends the pipeline when
 * nothing is left to run. It reads everything from the database and may run any number of times on
 * any instance: the pipeline row is locked while it runs, and a step's task has an id fixed in
 * advance, so a step runs at most once even when a crash interrupts an advance half-way.
 */
@ApplicationScoped
public class PipelineAdvance {
  @Inject PipelineStore pipelines;
  @Inject TaskStore tasks;
  @Inject TaskSubmission submission;
  @Inject Event<PipelineEvent> events;
  @Inject Clock clock;

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void advance(UUID pipelineId) {
    Pipeline pipeline = pipelines.findLocked(pipelineId).orElse(null);
    if (pipeline == null || pipeline.status().isFinal()) {
      return;
    }
    Instant now = Instant.now(clock);
    List<PipelineStep> steps = pipelines.steps(pipelineId);
    Map<String, PipelineStep> byId = new HashMap<>();
    Map<String, JsonObject> results = new HashMap<>();
    for (PipelineStep step : steps) {
      byId.put(step.stepId(), step);
      if (step.status().isFinal()) {
        if (step.status() == StepStatus.COMPLETED) {
          tasks.find(step.taskId()).ifPresent(t -> results.put(step.stepId(), result(t)));
        }
        continue;
      }
      Optional<Task> task = step.isGate() ? Optional.empty() : tasks.find(step.taskId());
      if (task.isPresent()) {
        Task t = task.get();
        StepStatus now0 = StepStatus.of(t.status());
        if (step.moveTo(now0, t.status().isTerminal() ? t.error() : null)) {
          announce(pipeline, step, now);
        }
        if (now0 == StepStatus.COMPLETED) {
          results.put(step.stepId(), result(t));
        }
        continue;
      }
      Optional<PipelineStep> blocker =
          step.dependsOn().stream()
              .map(byId::get)
              .filter(d -> d.status().isFinal() && !d.status().succeeded())
              .findFirst();
      if (blocker.isPresent()) {
        PipelineStep b = blocker.get();
        step.moveTo(
            StepStatus.SKIPPED, "Skipped: step " + b.stepId() + " " + b.status().wireName());
        announce(pipeline, step, now);
        continue;
      }
      boolean ready = step.dependsOn().stream().allMatch(d -> byId.get(d).status().succeeded());
      if (!ready) {
        continue;
      }
      if (step.isGate()) {
        Gate gate = step.gate();
        try {
          Gate.Verdict verdict = gate.evaluate(results.get(gate.step()));
          step.moveTo(verdict.passed() ? StepStatus.PASSED : StepStatus.STOPPED, verdict.detail());
        } catch (IllegalArgumentException unreadable) {
          step.moveTo(StepStatus.FAILED, unreadable.getMessage());
        }
        announce(pipeline, step, now);
      } else {
        release(pipeline, step, results, now);
      }
    }
    finishIfDone(pipeline, steps, now);
  }

  /** Creates the step's task with its references resolved; a refusal fails the step. */
  private void release(
      Pipeline pipeline, PipelineStep step, Map<String, JsonObject> results, Instant now) {
    try {
      SubmitTaskRequest request = new SubmitTaskRequest();
      request.taskType = step.taskType();
      request.parameters = References.resolve(step.parameters(), results);
      submission.submitAs(step.taskId(), request, pipeline.userId());
      step.moveTo(StepStatus.QUEUED, null);
    } catch (IllegalArgumentException | ProblemException refused) {
      step.moveTo(StepStatus.FAILED, "Could not start: " + refused.getMessage());
    }
    announce(pipeline, step, now);
  }

  private void finishIfDone(Pipeline pipeline, List<PipelineStep> steps, Instant now) {
    if (steps.stream().anyMatch(s -> !s.status().isFinal())) {
      return;
    }
    Optional<PipelineStep> gate =
        steps.stream().filter(s -> s.status() == StepStatus.STOPPED).findFirst();
    Optional<PipelineStep> failed =
        steps.stream()
            .filter(
                s ->
                    s.status() == StepStatus.FAILED
                        || s.status() == StepStatus.CANCELLED
                        || s.status() == StepStatus.TIMED_OUT)
            .findFirst();
    if (gate.isPresent()) {
      pipeline.finish(
          PipelineStatus.STOPPED_AT_GATE,
          "Stopped at gate " + gate.get().stepId() + ": " + gate.get().detail(),
          now);
    } else if (failed.isPresent()) {
      PipelineStep f = failed.get();
      pipeline.finish(
          PipelineStatus.FAILED,
          "Step "
              + f.stepId()
              + " "
              + f.status().wireName()
              + (f.detail() == null ? "" : ": " + f.detail()),
          now);
    } else {
      pipeline.finish(PipelineStatus.COMPLETED, "Every step completed", now);
    }
    events.fire(
        new PipelineEvent.Ended(
            pipeline.id(),
            pipeline.userId(),
            pipeline.name(),
            pipeline.status().wireName(),
            pipeline.detail(),
            now));
  }

  private void announce(Pipeline pipeline, PipelineStep step, Instant now) {
    events.fire(
        new PipelineEvent.StepChanged(
            pipeline.id(),
            pipeline.userId(),
            step.stepId(),
            step.status().wireName(),
            step.isGate() || step.status() == StepStatus.SKIPPED ? null : step.taskId(),
            step.detail(),
            now));
  }

  private static JsonObject result(Task task) {
    JsonObject json = PipelineStep.json(task.resultJson());
    return json == null ? JsonObject.EMPTY_JSON_OBJECT : json;
  }
}
