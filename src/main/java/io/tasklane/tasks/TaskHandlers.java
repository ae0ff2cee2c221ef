package io.tasklane.tasks;

import io.tasklane.resources.ResourceEstimate;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;

/**
 * The registry of task types: every {@link TaskHandler} bean, by its {@code task_type}, with the
 * per-type defaults that configuration may override ({@code tasklane.tasks.<type>.cpu-cores},
 * {@code .ram-gb}, {@code .timeout-seconds}).
 */
@ApplicationScoped
public class TaskHandlers {
  @Inject @Any Instance<TaskHandler> handlers;
  @Inject Config config;

  private final Map<String, TaskHandler> byType = new TreeMap<>();

  @PostConstruct
  void index() {
    for (TaskHandler handler : handlers) {
      TaskHandler previous = byType.put(handler.taskType(), handler);
      if (previous != null) {
        throw new IllegalStateException("Two handlers for task type " + handler.taskType());
      }
    }
  }

  public Optional<TaskHandler> find(String taskType) {
    return Optional.ofNullable(byType.get(taskType));
  }

  /** The handler of a known type, or a 400 naming the types there are. */
  public TaskHandler require(String taskType) {
    return find(taskType)
        .orElseThrow(
            () ->
                new io.tasklane.system.ProblemException.InvalidInput(
                    "Unknown task_type '"
                        + taskType
                        + "'; this server runs: "
                        + String.join(", ", types())
                        + "."));
  }

  /** Types {@code GET /api/tasks} leaves out unless asked for by {@code task_type}. */
  public SortedSet<String> unlistedTypes() {
    SortedSet<String> unlisted = new TreeSet<>();
    byType.forEach(
        (type, handler) -> {
          if (!handler.listedByDefault()) {
            unlisted.add(type);
          }
        });
    return unlisted;
  }

  public SortedSet<String> types() {
    return new TreeSet<>(byType.keySet());
  }

  public ResourceEstimate estimateFor(TaskHandler handler) {
    String prefix = "tasklane.tasks." + handler.taskType() + ".";
    ResourceEstimate defaults = handler.defaultEstimate();
    return new ResourceEstimate(
        config.getOptionalValue(prefix + "cpu-cores", Double.class).orElse(defaults.cpuCores()),
        config.getOptionalValue(prefix + "ram-gb", Double.class).orElse(defaults.ramGb()));
  }

  public Duration timeoutFor(TaskHandler handler) {
    return config
        .getOptionalValue("tasklane.tasks." + handler.taskType() + ".timeout-seconds", Long.class)
        .map(Duration::ofSeconds)
        .orElse(handler.defaultTimeout());
  }
}
