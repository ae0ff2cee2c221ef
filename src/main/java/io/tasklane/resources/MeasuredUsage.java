package io.tasklane.resources;

import jakarta.json.JsonObject;
import java.util.OptionalDouble;

/**
 * What tasks like this one were measured to use. Implemented by the resource profiles; an interface
 * here because submission (in {@code tasks}) asks it, and the profiles sit above {@code tasks}
 * (they read the parameters of engines' task types).
 */
public interface MeasuredUsage {
  /** The cores tasks like this one used, where there is enough history. */
  OptionalDouble cores(String taskType, JsonObject parameters);

  /**
   * The heap a task like this one needs: learned where there is enough history, else derived from
   * its size (bars) where it has one, else empty (the type's configured default stands).
   */
  OptionalDouble heapGb(String taskType, JsonObject parameters);
}
