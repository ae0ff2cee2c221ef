package io.tasklane.quantconnect;

import io.tasklane.tasks.Task;
import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A task's {@code external} record: what exists on QuantConnect for it (project, compile, backtest)
 * and the intent to create one, written before the call so a crash in between is recognised on the
 * next attempt. Written with the store's unversioned update, so it never bumps the task's version
 * under a concurrent cancel.
 */
@ApplicationScoped
public class TaskExternals {
  @Inject TaskStore tasks;

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public JsonObject read(UUID taskId) {
    return tasks
        .find(taskId)
        .map(Task::externalJson)
        .map(TaskExternals::parse)
        .orElse(JsonValue.EMPTY_JSON_OBJECT);
  }

  /** Adds or replaces {@code values} in the task's record. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public JsonObject merge(UUID taskId, Map<String, JsonValue> values) {
    Task task = tasks.find(taskId).orElse(null);
    if (task == null) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    JsonObjectBuilder merged = Json.createObjectBuilder(parse(task.externalJson()));
    values.forEach(merged::add);
    JsonObject json = merged.build();
    tasks.writeExternalUnversioned(taskId, json.toString());
    return json;
  }

  /** Removes {@code keys} from the task's record. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public JsonObject remove(UUID taskId, Set<String> keys) {
    Task task = tasks.find(taskId).orElse(null);
    if (task == null) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    JsonObjectBuilder kept = Json.createObjectBuilder(parse(task.externalJson()));
    keys.forEach(kept::remove);
    JsonObject json = kept.build();
    tasks.writeExternalUnversioned(taskId, json.toString());
    return json;
  }

  private static JsonObject parse(String json) {
    if (json == null || json.isBlank()) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }
}
