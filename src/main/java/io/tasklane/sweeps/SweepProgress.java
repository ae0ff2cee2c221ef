package io.tasklane.sweeps;

import io.tasklane.tasks.TaskStatus;
import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Where a sweep stands: stores a chunk's results and announces the progress (at most every {@link
 * #PROGRESS_INTERVAL_NANOS} per sweep on this instance), and ends the sweep once every chunk task
 * has ended, announcing its best results.
 */
@ApplicationScoped
public class SweepProgress {
  /** At most four progress events a second per sweep. */
  static final long PROGRESS_INTERVAL_NANOS = 250_000_000L;

  @Inject SweepStore sweeps;
  @Inject SweepResultStore results;
  @Inject TaskStore tasks;
  @Inject SweepRanking ranking;
  @Inject Event<SweepEvent> events;
  @Inject Clock clock;

  @Inject @ConfigProperties SweepsConfig config;

  private final Map<UUID, Long> lastProgress = new ConcurrentHashMap<>();

  /** Stores {@code rows}, replacing earlier rows of theirs, and announces the progress. */
  @Transactional
  public void store(Sweep sweep, List<SweepResult> rows) {
    results.replace(sweep.id(), rows);
    long now = System.nanoTime();
    Long last = lastProgress.get(sweep.id());
    if (last == null || now - last >= PROGRESS_INTERVAL_NANOS) {
      lastProgress.put(sweep.id(), now);
      events.fire(
          new SweepEvent.Progressed(
              sweep.id(),
              sweep.userId(),
              sweep.combinations(),
              results.count(sweep.id(), List.of()),
              Instant.now(clock)));
    }
  }

  /**
   * Ends the sweep if every chunk task has ended: {@code cancelled} if one was cancelled, {@code
   * failed} if one failed or timed out, else {@code completed}. Called when a chunk ends and when a
   * sweep is read, so a sweep whose last chunk ended just before a crash still ends.
   */
  @Transactional
  public void finishIfDone(UUID sweepId) {
    Sweep sweep = sweeps.find(sweepId).orElse(null);
    if (sweep == null || !sweep.status().equals(Sweep.RUNNING)) {
      return;
    }
    List<Sweep.Chunk> chunks = sweeps.chunks(sweepId);
    Map<UUID, TaskStatus> statuses =
        tasks.statuses(chunks.stream().map(Sweep.Chunk::taskId).toList());
    String status = Sweep.COMPLETED;
    for (Sweep.Chunk chunk : chunks) {
      TaskStatus chunkStatus = statuses.get(chunk.taskId());
      if (chunkStatus == null || !chunkStatus.isTerminal()) {
        return;
      }
      if (chunkStatus == TaskStatus.CANCELLED) {
        status = Sweep.CANCELLED;
      } else if (chunkStatus != TaskStatus.COMPLETED && !status.equals(Sweep.CANCELLED)) {
        status = Sweep.FAILED;
      }
    }
    Instant now = Instant.now(clock);
    if (sweeps.finish(sweepId, status, now)) {
      lastProgress.remove(sweepId);
      JsonArrayBuilder top = Json.createArrayBuilder();
      ranking.best(sweep, config.top).forEach(row -> top.add(SweepViews.result(row)));
      events.fire(
          new SweepEvent.Completed(
              sweepId,
              sweep.userId(),
              status,
              sweep.combinations(),
              results.count(sweepId, List.of()),
              sweep.rankBy(),
              top.build(),
              now));
    }
  }
}
