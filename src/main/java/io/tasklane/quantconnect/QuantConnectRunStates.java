package io.tasklane.quantconnect;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Set;
import java.util.UUID;

/**
 * Loads and saves a task's {@link QuantConnectRunState} through {@link TaskExternals}. A save
 * writes only the keys that changed: the run and {@link Precompiler} may write one task's record at
 * once, each its own keys, and neither may put back what the other replaced.
 */
@ApplicationScoped
public class QuantConnectRunStates {
  @Inject TaskExternals externals;

  QuantConnectRunStates() {}

  QuantConnectRunStates(TaskExternals externals) {
    this.externals = externals;
  }

  public QuantConnectRunState load(UUID taskId) {
    return QuantConnectRunState.of(externals.read(taskId));
  }

  /**
   * Stores the difference from {@code before} (what the caller last loaded or saved) to {@code
   * after}, and returns {@code after}.
   */
  public QuantConnectRunState save(
      UUID taskId, QuantConnectRunState before, QuantConnectRunState after) {
    JsonObject changed = QuantConnectRunState.changed(before, after);
    if (!changed.isEmpty()) {
      externals.merge(taskId, changed);
    }
    Set<String> removed = QuantConnectRunState.removed(before, after);
    if (!removed.isEmpty()) {
      externals.remove(taskId, removed);
    }
    return after;
  }
}
