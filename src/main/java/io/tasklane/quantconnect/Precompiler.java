package io.tasklane.quantconnect;

import io.tasklane.tasks.Task;
import io.tasklane.tasks.TaskRepository;
import io.tasklane.tasks.TaskStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the build of the next tasks in the QuantConnect lane while they still wait for a node.
 * Building needs no backtest node, so when one frees the task goes straight to the create call: the
 * node is idle for a poll, not a poll plus a compile. A build that fails is reported when the task
 * starts, like any other.
 */
@ApplicationScoped
public class Precompiler {
  private static final Logger LOG = Logger.getLogger(Precompiler.class.getName());

  @Resource ManagedExecutorService executor;
  @Inject TaskRepository tasks;
  @Inject TaskExternals externals;
  @Inject QuantConnectClient client;

  private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

  /** Builds ahead for these queued tasks (the next ones to get a node), each at most once. */
  public void buildAhead(Collection<UUID> next) {
    for (UUID id : next) {
      if (!inFlight.add(id)) {
        continue;
      }
      try {
        executor.execute(
            () -> {
              try {
                build(id);
              } finally {
                inFlight.remove(id);
              }
            });
      } catch (RejectedExecutionException e) {
        inFlight.remove(id);
      }
    }
  }

  private void build(UUID id) {
    try {
      Task task = tasks.find(id).orElse(null);
      if (task == null
          || task.status() != TaskStatus.QUEUED
          || externals.read(id).containsKey("compile_id")) {
        return;
      }
      long projectId;
      try (JsonReader reader = Json.createReader(new StringReader(task.parametersJson()))) {
        JsonObject parameters = reader.readObject();
        projectId = QuantConnectBacktestHandler.read(parameters).projectId();
      }
      String compileId = client.createCompile(projectId);
      externals.merge(
          id,
          Map.of(
              "project_id", Json.createValue(projectId),
              "compile_id", Json.createValue(compileId)));
    } catch (RuntimeException e) {
      // Only a head start: the task compiles when it starts instead.
      LOG.log(Level.FINE, "Building ahead for task " + id + " failed", e);
    }
  }
}
