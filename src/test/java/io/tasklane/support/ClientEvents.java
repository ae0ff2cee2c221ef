package io.tasklane.support;

import io.tasklane.client.TaskEvent;
import io.tasklane.client.TaskEventListener;
import io.tasklane.client.TasklaneClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A caller's typed events through the Java client's listener, kept for the test to wait on: {@link
 * #open} returns once the stream is connected (its first event, the initial state or, on a resume,
 * the first replayed event or heartbeat, arrived).
 */
public final class ClientEvents implements AutoCloseable {
  private final List<TaskEvent> received = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private TaskEventListener listener;
  private boolean closed;

  private ClientEvents() {}

  static ClientEvents open(TasklaneClient who) {
    return open(who, null);
  }

  /** Resumed after {@code resumeAfter} (an earlier stream's {@link #lastEventId()}), or live. */
  static ClientEvents open(TasklaneClient who, Long resumeAfter) {
    ClientEvents events = new ClientEvents();
    events.listener = who.listen(resumeAfter, events.received::add, events.failures::add);
    Api.eventually("the event stream connected (failures: " + events.failures + ")")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !events.received.isEmpty());
    return events;
  }

  /** The first event of {@code type} that {@code matches}, waiting up to {@code timeout}. */
  public <E extends TaskEvent> E await(Class<E> type, Predicate<E> matches, Duration timeout) {
    return awaitAfter(null, type, matches, timeout);
  }

  /**
   * The first event of {@code type} that {@code matches} received after {@code earlier} (null: from
   * the start), waiting up to {@code timeout}.
   */
  public <E extends TaskEvent> E awaitAfter(
      TaskEvent earlier, Class<E> type, Predicate<E> matches, Duration timeout) {
    return Api.eventually("a " + type.getSimpleName() + " event (failures: " + failures + ")")
        .atMost(timeout)
        .until(() -> first(earlier, type, matches), found -> found != null);
  }

  private <E extends TaskEvent> E first(TaskEvent earlier, Class<E> type, Predicate<E> matches) {
    boolean after = earlier == null;
    for (TaskEvent event : received) {
      if (after && type.isInstance(event) && matches.test(type.cast(event))) {
        return type.cast(event);
      }
      after |= event == earlier;
    }
    return null;
  }

  /** Every event received so far. */
  public List<TaskEvent> received() {
    return new ArrayList<>(received);
  }

  /** The position of the last event received: where a resumed stream starts. */
  public Long lastEventId() {
    return listener.lastEventId();
  }

  /** The task a task event is about, or null for any other event. */
  public static UUID taskOf(TaskEvent event) {
    return event instanceof TaskEvent.OfTask ofTask ? ofTask.taskId() : null;
  }

  /** Closes the stream; a second close (the test's, then {@link Clients}') does nothing. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      listener.close();
    }
  }
}
