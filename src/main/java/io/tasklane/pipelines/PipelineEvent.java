package io.tasklane.pipelines;

import java.time.Instant;
import java.util.UUID;

/**
 * A pipeline's progress, fired inside the transaction that recorded it; the events feature turns it
 * into the SSE frames {@code pipeline_step} and {@code pipeline_completed} for its owner and
 * admins.
 */
public sealed interface PipelineEvent {
  UUID pipelineId();

  /** The owner: who may see the event besides admins. */
  String userId();

  Instant timestamp();

  /**
   * A step changed status.
   *
   * @param taskId the step's task, or null for a gate or a step that never got one
   * @param detail a gate's comparison, why a step was skipped or failed; may be null
   */
  record StepChanged(
      UUID pipelineId,
      String userId,
      String stepId,
      String status,
      UUID taskId,
      String detail,
      Instant timestamp)
      implements PipelineEvent {}

  /** The pipeline ended: completed, stopped at a gate, failed or cancelled. */
  record Ended(
      UUID pipelineId, String userId, String name, String status, String detail, Instant timestamp)
      implements PipelineEvent {}
}
