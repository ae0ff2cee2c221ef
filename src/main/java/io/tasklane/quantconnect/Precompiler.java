package io.tasklane.quantconnect;

import io.tasklane.tasks.Task;
import io.tasklane.tasks.TaskStatus;
import io.tasklane.tasks.TaskStore;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Builds the next tasks of the QuantConnect lane while they still wait for a node, and follows each
 * build to its end, so when a node frees the task goes straight to the create call: the node is
 * idle for a poll, not a poll plus a compile plus a read of it. A build that fails is reported when
 * the task starts, like any other.
 *
 * <p>It is only a head start, so it is quiet when QuantConnect is not answering (no calls while the
 * credentials are rejected or the API is down), and a task whose build-ahead failed is not tried
 * again before its own back-off step (5 s, doubling to 60 s): one call per queued task per step at
 * most.
 */
@ApplicationScoped
public class Precompiler {
  private static final Logger LOG = Logger.getLogger(Precompiler.class.getName());

  /** A build still in the compiler's queue after this long is left to the task itself. */
  private static final Duration FOLLOW_AT_MOST = Duration.ofMinutes(5);

  @Resource ManagedExecutorService executor;
  @Inject TaskStore tasks;
  @Inject QuantConnectRunStates states;
  @Inject QuantConnectClient client;
  @Inject QuantConnectAvailability availability;
  @Inject @ConfigProperties QuantConnectSettings settings;
  @Inject Clock clock;

  private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

  /** Per task whose build-ahead failed: how often in a row, and when it may be tried again. */
  private record Failures(int count, Instant retryAt) {}

  private final Map<UUID, Failures> failures = new ConcurrentHashMap<>();

  /** Builds ahead for these queued tasks (the next ones to get a node), each at most once. */
  public void buildAhead(Collection<UUID> next) {
    if (failures.size() > 1000) {
      failures.keySet().retainAll(next); // tasks that left the head meanwhile
    }
    if (next.isEmpty() || !availability.answering()) {
      return;
    }
    Instant now = clock.instant();
    for (UUID id : next) {
      Failures failed = failures.get(id);
      if ((failed != null && failed.retryAt().isAfter(now)) || !inFlight.add(id)) {
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
      QuantConnectRunState state = states.load(id);
      if (task == null || task.status() != TaskStatus.QUEUED || state.compileState() != null) {
        return;
      }
      long projectId;
      try (JsonReader reader = Json.createReader(new StringReader(task.parametersJson()))) {
        projectId = QuantConnectBacktestHandler.read(reader.readObject()).projectId();
      }
      String compileId = state.compileId();
      if (compileId == null) {
        compileId = client.createCompile(projectId);
        state = states.save(id, state, state.withBuild(projectId, compileId));
      }
      follow(id, projectId, compileId, state);
      failures.remove(id);
    } catch (QuantConnectFailure e) {
      // QuantConnectAvailability logs outages and rejected credentials once per episode.
      Failures before = failures.get(id);
      int count = before == null ? 1 : before.count() + 1;
      failures.put(
          id, new Failures(count, clock.instant().plus(settings.unavailableBackoff(count))));
      LOG.log(Level.FINE, "Building ahead for task " + id + " failed: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Building ahead for task " + id + " failed", e);
    }
  }

  /** Reads the build until it ends, and records how: the task then need not read it again. */
  private void follow(UUID id, long projectId, String compileId, QuantConnectRunState state) {
    Instant giveUp = clock.instant().plus(FOLLOW_AT_MOST);
    for (int read = 0; clock.instant().isBefore(giveUp); read++) {
      QuantConnectClient.CompileState compile = client.readCompile(projectId, compileId);
      if (compile.succeeded() || compile.failed()) {
        states.save(id, state, state.withCompileState(compile.state()));
        return;
      }
      try {
        Thread.sleep(read < 4 ? 250 : 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
