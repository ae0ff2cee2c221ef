package io.tasklane.tasks;

import io.tasklane.resources.AdmissionRule;
import io.tasklane.resources.HostResources;
import io.tasklane.resources.MeasuredUsage;
import io.tasklane.resources.ResourceEstimate;
import io.tasklane.resources.ResourceSnapshot;
import io.tasklane.system.ProblemException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Accepts a task: its type's handler validates the parameters, then the task is stored, and only
 * when that transaction commits is it announced (and the scheduler woken), so a 202 always means
 * the task is in the database. A batch is checked element by element the same way and stored in one
 * transaction, all or nothing.
 */
@ApplicationScoped
public class TaskSubmission {
  static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** A detail that starts with a field path: {@code parameters.symbol: }, {@code priority: }. */
  private static final Pattern FIELD_PATH =
      Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z0-9_\\[\\]]+)*: ");

  @Inject TaskHandlers handlers;
  @Inject HostResources host;
  @Inject AdmissionRule rule;
  @Inject MeasuredUsage measured;
  @Inject TaskStore tasks;
  @Inject TaskEvents events;
  @Inject Clock clock;

  @Inject @ConfigProperties TasksConfig config;

  @Resource TransactionSynchronizationRegistry transaction;

  /** A stored task and its place in its lane's queue when it was stored. */
  public record Accepted(Task task, long queuePosition) {}

  /** Stores one task and says where it queues, read once with its announcement. */
  @Transactional
  public Accepted accept(SubmitTaskRequest request, String userId, boolean admin) {
    Task task = prepare(request, userId, admin, host.latest());
    List<Task> dependencies = dependencies(request.dependsOn, userId, admin);
    store(task, dependencies);
    return new Accepted(task, events.publishQueued(List.of(task)).get(task.id()));
  }

  /** One single submission of a group ({@link SubmissionGroups}); it depends on no other task. */
  public record Request(SubmitTaskRequest request, String userId, boolean admin) {}

  /** What became of one request of a group: accepted, or refused exactly as it would be alone. */
  public record Outcome(Accepted accepted, ProblemException refused) {}

  /** A group's transaction was marked for rollback: it stores nothing, and each goes alone. */
  static final class GroupSpoiled extends RuntimeException {
    GroupSpoiled() {
      super("A submission of the group spoiled its transaction", null, false, false);
    }
  }

  /**
   * Stores every request of {@code group} that passes its checks, in one transaction: one flush,
   * one count per queue, one batch of events and one commit for all of them. A refused request
   * refuses only itself; if anything marks the transaction for rollback, nothing is stored and
   * {@link GroupSpoiled} says so, for the caller to submit each alone.
   */
  @Transactional
  public List<Outcome> acceptEach(List<Request> group) {
    ResourceSnapshot machine = host.latest();
    List<Task> stored = new ArrayList<>(group.size());
    ProblemException[] refused = new ProblemException[group.size()];
    Task[] accepted = new Task[group.size()];
    for (int i = 0; i < group.size(); i++) {
      Request each = group.get(i);
      try {
        accepted[i] = prepare(each.request(), each.userId(), each.admin(), machine);
      } catch (ProblemException refusal) {
        refused[i] = refusal;
        continue;
      }
      store(accepted[i], List.of());
      stored.add(accepted[i]);
    }
    if (transaction.getRollbackOnly()) {
      throw new GroupSpoiled();
    }
    Map<UUID, Long> positions = events.publishQueued(stored);
    List<Outcome> outcomes = new ArrayList<>(group.size());
    for (int i = 0; i < group.size(); i++) {
      outcomes.add(
          refused[i] != null
              ? new Outcome(null, refused[i])
              : new Outcome(new Accepted(accepted[i], positions.get(accepted[i].id())), null));
    }
    return outcomes;
  }

  /**
   * Accepts a task under an id chosen beforehand (a pipeline step's), in a transaction of its own:
   * a refusal rolls back only this, and a second attempt with the same id fails on the key, so the
   * step's task exists at most once.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Task submitAs(UUID id, SubmitTaskRequest request, String userId) {
    Task task = prepare(id, request, userId, false, host.latest());
    store(task, List.of());
    events.publishQueued(List.of(task));
    return task;
  }

  /**
   * Accepts all of {@code requests} in one transaction or none: every element is checked as a
   * single submission is before any is stored, and a refusal names the element ({@code
   * tasks[3].parameters.symbol: ...}). Each stored task is announced as a single one is.
   */
  @Transactional
  public List<Task> submitAll(List<SubmitTaskRequest> requests, String userId, boolean admin) {
    if (requests.isEmpty()) {
      throw new ProblemException.InvalidInput("tasks: must hold at least one task.");
    }
    if (requests.size() > config.maxBatch) {
      throw new ProblemException.PayloadTooLarge(
          "tasks: a batch holds at most "
              + config.maxBatch
              + " tasks (tasklane.tasks.max-batch), this one has "
              + requests.size()
              + "; split it.");
    }
    ResourceSnapshot machine = host.latest();
    List<Task> accepted = new ArrayList<>(requests.size());
    List<List<Task>> dependencies = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      try {
        accepted.add(prepare(requests.get(i), userId, admin, machine));
        dependencies.add(dependencies(requests.get(i).dependsOn, userId, admin));
      } catch (ProblemException refused) {
        throw naming("tasks[" + i + "]", refused);
      }
    }
    for (int i = 0; i < accepted.size(); i++) {
      store(accepted.get(i), dependencies.get(i));
    }
    events.publishQueued(accepted);
    return accepted;
  }

  /** Checks one request as its handler and the admission bounds require; stores nothing. */
  private Task prepare(
      SubmitTaskRequest request, String userId, boolean admin, ResourceSnapshot machine) {
    return prepare(UUID.randomUUID(), request, userId, admin, machine);
  }

  private Task prepare(
      UUID id, SubmitTaskRequest request, String userId, boolean admin, ResourceSnapshot machine) {
    TaskHandler handler = handlers.require(request.taskType);
    JsonObject parameters = handler.validate(asObject(request.parameters));
    handler.checkAccess(parameters, userId, admin);
    Double maxHeapGb = machine.heap() == null ? null : machine.heap().maxGb();
    // Estimates are hints within bounds: below the floor they are stored as the floor, so the API
    // shows what admission uses; a type's default is scaled to the host (cores that still start
    // at ordinary background load, RAM within the usable heap); a user's estimate above what this
    // machine could ever give is refused. Once tasks like this one were measured, their p90 cores
    // and heap replace the type's defaults (within the same floor and cap). The heap a task is
    // known
    // to need (measured, or from its bars) is also the least a user's RAM hint counts for: a hint
    // of 0 GB for twenty million bars must not let eight of them into the heap at once.
    ResourceEstimate typeDefaults = handlers.estimateFor(handler);
    OptionalDouble heapNeed = measured.heapGb(handler.taskType(), parameters);
    ResourceEstimate defaults =
        rule.scaledDefault(
            new ResourceEstimate(
                learnedCores(handler, parameters).orElse(typeDefaults.cpuCores()),
                heapNeed.orElse(typeDefaults.ramGb())),
            machine.totalCores(),
            maxHeapGb);
    ResourceEstimate estimate =
        rule.bounded(
            new ResourceEstimate(
                request.estimatedCpuCores == null ? defaults.cpuCores() : request.estimatedCpuCores,
                request.estimatedRamGb == null
                    ? defaults.ramGb()
                    : Math.max(
                        request.estimatedRamGb,
                        rule.defaultRamWithinHeap(heapNeed.orElse(0), maxHeapGb))));
    if (handler.lane() == Lane.LOCAL) {
      rule.neverFits(machine.totalCores(), machine.totalRamGb(), maxHeapGb, estimate)
          .ifPresent(
              why -> {
                throw new ProblemException.InvalidInput(why);
              });
    }
    return new Task(
        id,
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
  }

  /**
   * The cores tasks like this one were measured to use; none for a type that scales to what it is
   * granted: it keeps to its grant, so its measurements show what admission gave it, and taking
   * them as its estimate would shrink every later grant to the first one beside outside load.
   */
  private OptionalDouble learnedCores(TaskHandler handler, JsonObject parameters) {
    return handler.elasticMinimumCores() > 0
        ? OptionalDouble.empty()
        : measured.cores(handler.taskType(), parameters);
  }

  /**
   * The tasks {@code ids} names, locked until the submission commits (so none of them can end
   * unseen in between): each must be the caller's (any for an admin) and not have ended without
   * completing.
   */
  private List<Task> dependencies(List<UUID> ids, String userId, boolean admin) {
    if (ids == null || ids.isEmpty()) {
      return List.of();
    }
    List<Task> found = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      UUID id = ids.get(i);
      Task dependency =
          tasks
              .findLocked(id)
              .filter(t -> t.isVisibleTo(userId, admin))
              .orElseThrow(
                  () ->
                      new ProblemException.InvalidInput(
                          "depends_on: no task " + id + " of yours to depend on."));
      if (dependency.status().isTerminal() && dependency.status() != TaskStatus.COMPLETED) {
        throw new ProblemException.InvalidInput(
            "depends_on: task "
                + id
                + " is "
                + dependency.status().wireName()
                + "; it will never complete.");
      }
      if (!found.contains(dependency)) {
        found.add(dependency);
      }
    }
    return found;
  }

  /** Stores a checked task with its dependencies; the caller announces it. */
  private void store(Task task, List<Task> dependencies) {
    for (Task dependency : dependencies) {
      if (dependency.status() != TaskStatus.COMPLETED && task.blockedReason() == null) {
        task.waitFor(new DependencyWait(task.id(), dependency.id(), dependency.status()).reason());
      }
    }
    if (!dependencies.isEmpty()) {
      task.dependOnOthers();
    }
    tasks.add(task);
    dependencies.forEach(d -> tasks.addDependency(task.id(), d.id()));
  }

  /**
   * The same refusal with {@code prefix} before its field path ({@code parameters.symbol: ...}
   * becomes {@code tasks[3].parameters.symbol: ...}) or before its sentence.
   */
  static ProblemException naming(String prefix, ProblemException refused) {
    String detail = refused.getMessage() == null ? "" : refused.getMessage();
    String named =
        FIELD_PATH.matcher(detail).lookingAt() ? prefix + "." + detail : prefix + ": " + detail;
    return new ProblemException(refused.status(), refused.title(), named);
  }

  private static JsonObject asObject(JsonValue parameters) {
    if (parameters == null || parameters.getValueType() == JsonValue.ValueType.NULL) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    if (parameters.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new ProblemException.InvalidInput("parameters: must be a JSON object.");
    }
    return parameters.asJsonObject();
  }
}
