package io.tasklane.resources;

import jakarta.json.JsonObject;
import java.util.OptionalDouble;

/**
 * The cores tasks like this one were measured to use, where there is enough history. Implemented by
 * the resource profiles; an interface here because submission (in {@code tasks}) asks it, and the
 * profiles sit above {@code tasks} (they read the parameters of engines' task types).
 */
@FunctionalInterface
public interface MeasuredCores {
  OptionalDouble cores(String taskType, JsonObject parameters);
}
