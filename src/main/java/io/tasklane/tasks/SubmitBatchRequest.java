package io.tasklane.tasks;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * {@code POST /api/tasks/batch} body: an object, not a bare array, so that batch-wide options can
 * be added later. Its size limit is configuration ({@code tasklane.tasks.max-batch}), checked by
 * {@link TaskSubmission#submitAll}.
 */
public class SubmitBatchRequest {
  @NotNull(message = "is required")
  public List<@NotNull(message = "must be a task object, not null") @Valid SubmitTaskRequest> tasks;
}
