package io.tasklane.scheduling;

import io.tasklane.resources.AdmissionRule;
import io.tasklane.resources.HostResources;
import io.tasklane.resources.JvmHeap;
import io.tasklane.resources.ResourceEstimate;
import io.tasklane.resources.ResourceSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongUnaryOperator;

/**
 * Bridges the gap between what the host measurement shows and what is true now.
 *
 * <p>A CPU sample averages a window that opened at an earlier sample (the one before it, or the
 * newest one at least {@code tasklane.resources.cpu-window-ms} earlier). Each sample is therefore
 * taken together with the CPU time every task of this instance has consumed on its thread, and a
 * task's CPU time at the sample that opened the window gives its measured share of that window (in
 * cores). From that:
 *
 * <ul>
 *   <li>a task that has finished since the window opened is credited back its measured share: what
 *       it used is in the figure but free now, so the next queued task starts at once instead of
 *       after the next sample (a tiny task is credited its few milliseconds, a task that used a
 *       whole core a whole core, whatever its estimate said);
 *   <li>a task started recently (within {@code window} of the sample) is reserved its predicted
 *       consumption less the share already measured, since it may still ramp up to its estimate.
 * </ul>
 *
 * RAM is measured at the instant of the sample, so it keeps to the estimates: recent tasks are
 * reserved their predicted RAM, and a task that finished after the sample is credited it.
 *
 * <p>The JVM heap is measured by its live set after the last collection, which lags by however long
 * the next collection takes to come, and a task's heap grows over its run. So every running task is
 * reserved its whole heap need (its RAM estimate) until it finishes, and credited it then. What a
 * running task already holds is thereby counted twice (in the live set and in its reservation): on
 * the safe side, since a heap that runs out kills tasks with {@link OutOfMemoryError}.
 *
 * <p>It holds only this instance's executions, which is what its host's measurements cover; all
 * samples for admission go through {@link #measure()} so that tasks and host share one window.
 */
@ApplicationScoped
public class ResourceLedger {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Inject HostResources host;

  /** CPU nanoseconds a live thread has used, or a negative number when it cannot be read. */
  private final LongUnaryOperator threadCpuNanos;

  private final Map<UUID, Execution> executions = new HashMap<>(); // guarded by this
  private ResourceSnapshot latest; // guarded by this

  /** What is free for the next admission, in cores and GB; {@code heap} null if not measured. */
  public record Budget(double cores, double ramGb, AdmissionRule.Heap heap) {

    /** After admitting a task: its predicted share of cores and RAM, its whole heap need. */
    Budget after(ResourceEstimate estimate, double factor) {
      return new Budget(
          cores - estimate.cpuCores() * factor,
          ramGb - estimate.ramGb() * factor,
          heap == null
              ? null
              : new AdmissionRule.Heap(heap.maxGb(), heap.availableGb() - estimate.ramGb()));
    }

    /**
     * After admitting a short task on the burst allowance: its CPU comes from the allowance, its
     * RAM and heap from here.
     */
    Budget afterShort(ResourceEstimate estimate, double factor) {
      Budget after = after(estimate, factor);
      return new Budget(cores, after.ramGb(), after.heap());
    }
  }

  private record Reading(Instant at, long cpuUsed) {}

  private static final class Execution {
    final ResourceEstimate estimate;
    final Instant started;
    Instant finished;

    /** The executing thread, once the task runs on it; -1 before. */
    long thread = -1;

    long cpuAtStart;

    /** CPU used in all, read on its own thread as it finished; -1 if it ended elsewhere. */
    long cpuUsed = -1;

    /** CPU used by each recent sample, oldest first: from the one that opened the window on. */
    final Deque<Reading> readings = new ArrayDeque<>();

    /**
     * Cores it used, on average, over the latest sample's window; NaN if unreadable or not sampled
     * yet (then its estimate stands in).
     */
    double measuredShare = Double.NaN;

    Execution(ResourceEstimate estimate, Instant started) {
      this.estimate = estimate;
      this.started = started;
    }
  }

  public ResourceLedger() {
    this(ResourceLedger::threadCpu);
  }

  ResourceLedger(LongUnaryOperator threadCpuNanos) {
    this.threadCpuNanos = threadCpuNanos;
  }

  /** Takes a host measurement and, with it, each task's CPU time over the same window. */
  public synchronized ResourceSnapshot measure() {
    return record(host.sample());
  }

  /** The latest measurement, or a new one if it is older than {@code maxAge}. */
  public synchronized ResourceSnapshot current(Instant now, Duration maxAge) {
    if (latest == null || latest.sampledAt().plus(maxAge).isBefore(now)) {
      return measure();
    }
    return latest;
  }

  /** Records a measurement just taken; package-private so tests can feed fixed ones. */
  synchronized ResourceSnapshot record(ResourceSnapshot snapshot) {
    Instant opened =
        snapshot.windowStart() != null
            ? snapshot.windowStart()
            : latest == null ? snapshot.sampledAt() : latest.sampledAt();
    long windowNanos = Duration.between(opened, snapshot.sampledAt()).toNanos();
    for (var it = executions.values().iterator(); it.hasNext(); ) {
      Execution e = it.next();
      if (e.finished != null && e.finished.isBefore(opened)) {
        it.remove(); // it used nothing in this window, and the RAM figure no longer shows it
        continue;
      }
      long used = cpuUsedNow(e);
      if (used < 0) {
        e.measuredShare = Double.NaN;
        continue;
      }
      while (e.readings.size() > 1 && !secondReading(e).at().isAfter(opened)) {
        e.readings.removeFirst(); // the window never reaches back before it again
      }
      Reading first = e.readings.peekFirst();
      long base;
      if (first != null && !first.at().isAfter(opened)) {
        base = first.cpuUsed();
      } else if (e.started.isBefore(opened)) {
        base = -1; // it ran before the window opened but no sample saw it then: unknown
      } else {
        base = 0; // it started inside the window: all its CPU time is in it
      }
      e.measuredShare =
          base < 0
              ? Double.NaN
              : windowNanos <= 0 ? 0 : Math.max(0, used - base) / (double) windowNanos;
      e.readings.addLast(new Reading(snapshot.sampledAt(), used));
    }
    latest = snapshot;
    return snapshot;
  }

  private static Reading secondReading(Execution e) {
    var it = e.readings.iterator();
    it.next();
    return it.next();
  }

  public synchronized void started(UUID id, ResourceEstimate estimate, Instant at) {
    executions.put(id, new Execution(estimate, at));
  }

  /** Called on the thread that runs the task, as it begins: from here its CPU time is its own. */
  public void executing(UUID id) {
    executing(id, Thread.currentThread().getId());
  }

  synchronized void executing(UUID id, long thread) {
    Execution e = executions.get(id);
    if (e != null) {
      e.thread = thread;
      e.cpuAtStart = threadCpuNanos.applyAsLong(thread);
    }
  }

  /**
   * The task is over. On its own thread this also reads the CPU time it used in all; called from
   * elsewhere (a task handed back), it keeps what the last sample saw.
   */
  public void finished(UUID id, Instant at) {
    finished(id, at, Thread.currentThread().getId());
  }

  synchronized void finished(UUID id, Instant at, long callingThread) {
    Execution e = executions.get(id);
    if (e == null || e.finished != null) {
      return;
    }
    if (e.thread >= 0 && e.thread == callingThread) {
      long now = threadCpuNanos.applyAsLong(callingThread);
      e.cpuUsed = now < 0 || e.cpuAtStart < 0 ? -1 : now - e.cpuAtStart;
    }
    e.finished = at;
  }

  /** The heap reserved for this instance's running tasks: their RAM estimates, until they end. */
  public synchronized double heapReservedGb() {
    double reserved = 0;
    for (Execution e : executions.values()) {
      if (e.finished == null) {
        reserved += e.estimate.ramGb();
      }
    }
    return reserved;
  }

  public synchronized int running() {
    int n = 0;
    for (Execution e : executions.values()) {
      if (e.finished == null) {
        n++;
      }
    }
    return n;
  }

  /**
   * @param snapshot the latest measurement (from {@link #measure()} or {@link #current})
   * @param window how long after its start a task counts as not yet fully in the measurement
   * @param factor the share of an estimate counted as consumed
   */
  public synchronized Budget available(ResourceSnapshot snapshot, Duration window, double factor) {
    Instant visibleBefore = snapshot.sampledAt().minus(window);
    double cores = snapshot.availableCores();
    double ram = snapshot.availableRamGb();
    for (Execution e : executions.values()) {
      boolean fullyMeasured = !e.started.isAfter(visibleBefore);
      double predictedCores = e.estimate.cpuCores() * factor;
      double predictedRam = e.estimate.ramGb() * factor;
      boolean shareKnown = !Double.isNaN(e.measuredShare);
      if (e.finished == null) {
        if (!fullyMeasured) {
          cores -= shareKnown ? Math.max(0, predictedCores - e.measuredShare) : predictedCores;
          ram -= predictedRam;
        }
      } else if (e.finished.isAfter(snapshot.sampledAt())) {
        cores += shareKnown ? e.measuredShare : fullyMeasured ? predictedCores : 0;
        if (fullyMeasured) {
          ram += predictedRam;
        }
      } else if (shareKnown) {
        cores += e.measuredShare; // ended inside the window: in the CPU figure, gone now
      }
    }
    JvmHeap heap = snapshot.heap();
    return new Budget(
        Math.min(cores, snapshot.totalCores()),
        Math.min(ram, snapshot.totalRamGb()),
        heap == null
            ? null
            : new AdmissionRule.Heap(heap.maxGb(), heap.freeGb() - heapReservedGb()));
  }

  /**
   * What would be free if this instance's running tasks all ended now: {@link #available} plus what
   * they hold (a task's measured share of the cores once the sample fully shows it, else at least
   * its predicted consumption; its predicted RAM; its whole heap need). The starvation guard
   * compares a waiting task with it: a task that would not fit even then waits for load outside
   * Tasklane, and draining the lane would not help it.
   */
  public synchronized Budget drained(ResourceSnapshot snapshot, Duration window, double factor) {
    Budget now = available(snapshot, window, factor);
    Instant visibleBefore = snapshot.sampledAt().minus(window);
    double cores = now.cores();
    double ram = now.ramGb();
    for (Execution e : executions.values()) {
      if (e.finished != null) {
        continue;
      }
      boolean fullyMeasured = !e.started.isAfter(visibleBefore);
      double predicted = e.estimate.cpuCores() * factor;
      boolean shareKnown = !Double.isNaN(e.measuredShare);
      cores +=
          !shareKnown
              ? predicted
              : fullyMeasured ? e.measuredShare : Math.max(predicted, e.measuredShare);
      ram += e.estimate.ramGb() * factor;
    }
    JvmHeap heap = snapshot.heap();
    return new Budget(
        Math.min(cores, snapshot.totalCores()),
        Math.min(ram, snapshot.totalRamGb()),
        heap == null ? null : new AdmissionRule.Heap(heap.maxGb(), heap.freeGb()));
  }

  private long cpuUsedNow(Execution e) {
    if (e.finished != null) {
      if (e.cpuUsed >= 0) {
        return e.cpuUsed;
      }
      Reading last = e.readings.peekLast();
      return last == null || Double.isNaN(e.measuredShare) ? -1 : last.cpuUsed();
    }
    if (e.thread < 0) {
      return 0; // claimed, not yet on a thread
    }
    long now = threadCpuNanos.applyAsLong(e.thread);
    return now < 0 || e.cpuAtStart < 0 ? -1 : now - e.cpuAtStart;
  }

  private static long threadCpu(long threadId) {
    try {
      return THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled()
          ? THREADS.getThreadCpuTime(threadId)
          : -1;
    } catch (UnsupportedOperationException e) {
      return -1;
    }
  }
}
