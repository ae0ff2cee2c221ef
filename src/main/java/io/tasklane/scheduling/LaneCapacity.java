package io.tasklane.scheduling;

import io.tasklane.tasks.Task;
import io.tasklane.tasks.TaskHandlers;
import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * A per-type limit on running tasks ({@code tasklane.lanes.<type>.max-running}: two training
 * workers, say), besides the resource rule. It is counted in the database at claim time, under a
 * lock on the type's {@code lane_capacity} row, so instances sharing the database never run more
 * than the limit between them. Owns the {@code lane_capacity} table.
 */
@ApplicationScoped
public class LaneCapacity {
  static final String KEY = "tasklane.lanes.<type>.max-running";

  @Inject TaskStore tasks;
  @Inject TaskHandlers handlers;
  @PersistenceContext EntityManager em;

  private Function<String, Optional<Integer>> setting;
  private volatile Map<String, Integer> limits;

  @Inject
  void configure(Config config) {
    setting = key -> config.getOptionalValue(key, Integer.class);
  }

  /** The limit of each task type that has one, read once. */
  public Map<String, Integer> limits() {
    Map<String, Integer> known = limits;
    if (known == null) {
      Map<String, Integer> read = new TreeMap<>();
      for (String type : handlers.types()) {
        setting
            .apply(KEY.replace("<type>", type))
            .ifPresent(
                max -> {
                  if (max < 1) {
                    throw new IllegalStateException(
                        KEY.replace("<type>", type) + " must be at least 1, not " + max);
                  }
                  read.put(type, max);
                });
      }
      known = Map.copyOf(read);
      limits = known;
    }
    return known;
  }

  /** Why a task of {@code type} must wait while {@code running} run, or empty if it may start. */
  public static Optional<String> fullReason(String type, Integer max, long running) {
    return max != null && running >= max
        ? Optional.of("Lane " + type + " is full (" + running + " running)")
        : Optional.empty();
  }

  /**
   * The claim's gate, in the claim transaction: the task may start if its type has no limit or
   * fewer than the limit run now. Locks the type's row first, so concurrent claims of the type
   * count one after the other; the lock is held until the claim commits.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean admits(UUID taskId) {
    Optional<Task> task = tasks.find(taskId);
    if (task.isEmpty()) {
      return false;
    }
    String type = task.get().taskType();
    Integer max = limits().get(type);
    if (max == null) {
      return true;
    }
    lock(type);
    return tasks.countRunning(type) < max;
  }

  private void lock(String type) {
    if (em.createNativeQuery("select task_type from lane_capacity where task_type = ?1 for update")
        .setParameter(1, type)
        .getResultList()
        .isEmpty()) {
      // The first claim of the type makes its row; an instance racing it loses its claim (a
      // duplicate key) and claims again at its next pass.
      em.createNativeQuery("insert into lane_capacity (task_type) values (?1)")
          .setParameter(1, type)
          .executeUpdate();
    }
  }
}
