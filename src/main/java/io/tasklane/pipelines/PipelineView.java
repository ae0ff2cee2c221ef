package io.tasklane.pipelines;

import io.tasklane.tasks.Task;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A pipeline on the wire, with each step's status and, for task steps, its task's times. */
public record PipelineView(
    UUID pipelineId,
    String name,
    String userId,
    String status,
    String detail,
    Instant createdAt,
    Instant finishedAt,
    List<StepView> steps) {

  /**
   * A step on the wire: a task step has a task_type (and a task_id once released), a gate a gate.
   */
  public record StepView(
      String id,
      String taskType,
      JsonObject gate,
      List<String> dependsOn,
      String status,
      String detail,
      UUID taskId,
      Instant startedAt,
      Instant finishedAt,
      JsonObject result) {}

  /** A step and its task, if it has one yet. */
  record Part(PipelineStep step, Optional<Task> task) {}

  static PipelineView of(Pipeline pipeline, List<Part> parts, boolean withResults) {
    return new PipelineView(
        pipeline.id(),
        pipeline.name(),
        pipeline.userId(),
        pipeline.status().wireName(),
        pipeline.detail(),
        pipeline.createdAt(),
        pipeline.finishedAt(),
        parts.stream().map(p -> step(p, withResults)).toList());
  }

  private static StepView step(Part part, boolean withResults) {
    PipelineStep step = part.step();
    Task task = part.task().orElse(null);
    // A task step's live status is its task's (running, say) until the step records its end.
    String status =
        task != null && !step.status().isFinal()
            ? task.status().wireName()
            : step.status().wireName();
    return new StepView(
        step.stepId(),
        step.taskType(),
        step.isGate() ? step.gate().toJson() : null,
        step.dependsOn(),
        status,
        step.detail() != null ? step.detail() : task == null ? null : task.error(),
        task == null ? null : task.id(),
        task == null ? null : task.startedAt(),
        task == null ? null : task.finishedAt(),
        withResults && task != null ? PipelineStep.json(task.resultJson()) : null);
  }
}
