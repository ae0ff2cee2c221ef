package io.tasklane.tasks;

import io.tasklane.resources.ResourceEstimate;
import jakarta.json.JsonObject;
import java.time.Duration;

/**
 * One task type. Implementations are CDI beans; the scheduler finds them by {@link #taskType()}, so
 * a new type plugs in without touching the scheduler.
 */
public interface TaskHandler {
  /** The {@code task_type} on the wire, lower case. */
  String taskType();

  Lane lane();

  ResourceEstimate defaultEstimate();

  Duration defaultTimeout();

  /**
   * Checks a submission's parameters and returns them with defaults filled in, exactly as {@link
   * #run} will see them.
   *
   * @throws io.tasklane.system.ProblemException.InvalidInput naming the offending parameter
   */
  JsonObject validate(JsonObject parameters);

  /**
   * Refuses a submission whose validated parameters name something the submitter may not use (a
   * model of another user), before the task is stored. Most types name nothing of the kind.
   *
   * @throws io.tasklane.system.ProblemException.NotFound for what the submitter may not see
   */
  default void checkAccess(JsonObject parameters, String userId, boolean admin) {}

  /**
   * Whether {@code GET /api/tasks} lists tasks of this type without a {@code task_type} filter.
   * Internal types that come by the thousand (a sweep's chunks) would bury the ordinary list.
   */
  default boolean listedByDefault() {
    return true;
  }

  /**
   * The fewest cores a task of this type can usefully start on, if it scales the work it runs at
   * once to the cores it was admitted on ({@link TaskContext#grantedCores()}) and keeps to them:
   * admission may then start it with less than its estimate when that is all the rule leaves. 0
   * (most types): it starts on its whole estimate or waits.
   */
  default double elasticMinimumCores() {
    return 0;
  }

  /**
   * Does the work and returns its result. Throw {@link TransientTaskFailure} for a fault worth
   * retrying; any other exception fails the task with its message. Long loops call {@link
   * TaskContext#checkCancelled()} so cancel and timeout stop them promptly.
   */
  JsonObject run(TaskContext context) throws Exception;
}
