package io.tasklane.tasks;

import io.tasklane.events.TaskEventType;
import io.tasklane.resources.AdmissionRule;
import io.tasklane.resources.HostResources;
import io.tasklane.resources.ResourceEstimate;
import io.tasklane.resources.ResourceSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Accepts a task: its type's handler validates the parameters, then the task is stored, and only
 * when that transaction commits is it announced (and the scheduler woken), so a 202 always means
 * the task is in the database.
 */
@ApplicationScoped
public class TaskSubmission {
  static final int DEFAULT_MAX_ATTEMPTS = 3;

  @Inject TaskHandlers handlers;
  @Inject HostResources host;
  @Inject AdmissionRule rule;
  @Inject TaskRepository tasks;
  @Inject TaskEvents events;
  @Inject Clock clock;

  @Transactional
  public Task submit(SubmitTaskRequest request, String userId, boolean admin) {
    TaskHandler handler = handlers.require(request.taskType);
    JsonObject parameters = handler.validate(asObject(request.parameters));
    handler.checkAccess(parameters, userId, admin);
    ResourceEstimate defaults = handlers.estimateFor(handler);
    ResourceSnapshot machine = host.latest();
    Double maxHeapGb = machine.heap() == null ? null : machine.heap().maxGb();
    // Estimates are hints within bounds: below the floor they are stored as the floor, so the API
    // shows what admission uses; a type's default is capped at the usable heap; a user's estimate
    // above what this machine could ever give is refused.
    ResourceEstimate estimate =
        rule.bounded(
            new ResourceEstimate(
                request.estimatedCpuCores == null ? defaults.cpuCores() : request.estimatedCpuCores,
                request.estimatedRamGb == null
                    ? rule.defaultRamWithinHeap(defaults.ramGb(), maxHeapGb)
                    : request.estimatedRamGb));
    if (handler.lane() == Lane.LOCAL) {
      rule.neverFits(machine.totalCores(), machine.totalRamGb(), maxHeapGb, estimate)
          .ifPresent(
              why -> {
                throw new io.tasklane.system.ProblemException.InvalidInput(why);
              });
    }
    Task task =
        new Task(
            UUID.randomUUID(),
            handler.taskType(),
            handler.lane(),
            userId,
            request.priority == null ? 0 : request.priority,
            parameters.toString(),
            estimate.cpuCores(),
            estimate.ramGb(),
            request.maxAttempts == null ? DEFAULT_MAX_ATTEMPTS : request.maxAttempts,
            request.timeoutSeconds == null
                ? handlers.timeoutFor(handler).toSeconds()
                : request.timeoutSeconds,
            Instant.now(clock));
    tasks.add(task);
    events.publish(TaskEventType.TASK_QUEUED, task);
    return task;
  }

  private static JsonObject asObject(JsonValue parameters) {
    if (parameters == null || parameters.getValueType() == JsonValue.ValueType.NULL) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    if (parameters.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new io.tasklane.system.ProblemException.InvalidInput(
          "parameters: must be a JSON object.");
    }
    return parameters.asJsonObject();
  }
}
