package io.tasklane.scheduling;

import io.tasklane.tasks.Lane;
import io.tasklane.tasks.Task;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.UUID;

/** What an instance knows of a task it has just claimed: enough to run it without the entity. */
public record ClaimedTask(
    UUID id,
    String taskType,
    Lane lane,
    String userId,
    JsonObject parameters,
    int attempt,
    long timeoutSeconds,
    Instant startedAt,
    double estimatedCpuCores,
    double estimatedRamGb) {

  public static ClaimedTask of(Task task) {
    try (JsonReader reader = Json.createReader(new StringReader(task.parametersJson()))) {
      return new ClaimedTask(
          task.id(),
          task.taskType(),
          task.lane(),
          task.userId(),
          reader.readObject(),
          task.attempts(),
          task.timeoutSeconds(),
          task.startedAt(),
          task.estimatedCpuCores(),
          task.estimatedRamGb());
    }
  }

  Instant deadline() {
    return startedAt.plusSeconds(timeoutSeconds);
  }
}
