package io.tasklane.quantconnect;

import io.tasklane.scheduling.Housekeeping;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * While the lane's head waits for nodes busy outside Tasklane, reads {@code projects/nodes/read}
 * every {@code tasklane.quantconnect.busy-recheck-seconds} and ends the wait as soon as a node is
 * free for it, so a node someone frees in the web IDE gets the next backtest within seconds rather
 * than after the head's whole back-off. One read per interval, and none while nothing waits for
 * nodes or QuantConnect is down. Every instance watches, so a cluster of n instances reads n times
 * per interval.
 */
@ApplicationScoped
public class NodeWatch implements Housekeeping {
  private static final Logger LOG = Logger.getLogger(NodeWatch.class.getName());

  /**
   * A refused create ("no spare nodes" after a read that showed one idle) is ended too: the web
   * IDE's backtest shows in the nodes read within seconds, so at most one refused create per
   * interval can follow from a read that lags.
   */
  private static final Set<LaneWait> NODE_WAITS =
      EnumSet.of(LaneWait.NODES_BUSY, LaneWait.NO_SPARE_NODES);

  @Inject LaneWaits waits;
  @Inject NodeGate gate;
  @Inject QuantConnectRunStates states;
  @Inject QuantConnectClient client;
  @Inject QuantConnectAvailability availability;
  @Inject @ConfigProperties QuantConnectSettings settings;
  @Inject Clock clock;

  @Resource ManagedExecutorService executor;

  private final AtomicReference<Instant> lastRun = new AtomicReference<>(Instant.EPOCH);
  private final AtomicBoolean running = new AtomicBoolean();

  @Override
  public String name() {
    return "QuantConnect nodes re-check";
  }

  /** A cheap look at whether a re-check is due: it then starts within this of falling due. */
  @Override
  public Duration every() {
    return Duration.ofMillis(500);
  }

  @Override
  public void run() {
    recheckDue();
  }

  /**
   * Looks at most every recheck interval, never on the scheduler's thread (a slow QuantConnect must
   * not hold up other housekeeping that shares it).
   */
  public void recheckDue() {
    Instant now = clock.instant();
    Instant last = lastRun.get();
    if (running.get()
        || last.plus(settings.busyRecheck()).isAfter(now)
        || !availability.answering()
        || !lastRun.compareAndSet(last, now)
        || !running.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(
          () -> {
            try {
              recheck();
            } catch (RuntimeException e) {
              LOG.log(Level.FINE, "Nodes re-check failed; the next one follows", e);
            } finally {
              running.set(false);
            }
          });
    } catch (RuntimeException e) {
      running.set(false);
      LOG.log(Level.WARNING, "Could not schedule the nodes re-check", e);
    }
  }

  void recheck() {
    var waiting = waits.first(NODE_WAITS);
    if (waiting.isEmpty()) {
      return;
    }
    Long project = states.load(waiting.get().taskId()).projectId();
    long projectId = project == null ? -1 : project;
    if (projectId <= 0) {
      waits.end(NODE_WAITS); // nothing to read with: let the task look itself
      return;
    }
    var knownBefore = NodeCapacity.Reading.known(gate.holders());
    var nodes = new NodeCapacity.Reading(client.readNodes(projectId), knownBefore);
    NodeCapacity.Verdict verdict =
        NodeCapacity.decide(nodes, gate.holders(), waiting.get().taskId(), false);
    if (verdict instanceof NodeCapacity.Launch) {
      waits.end(NODE_WAITS);
    }
  }
}
