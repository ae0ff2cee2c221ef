package io.tasklane.support;

import io.tasklane.client.TaskEvent;
import io.tasklane.client.TaskEventListener;
import io.tasklane.client.TasklaneClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A caller's typed events through the Java client's listener, kept for the test to wait on: {@link
 * #open} returns once the stream is connected (its first event, the initial state, arrived).
 */
public final class ClientEvents implements AutoCloseable {
  private final List<TaskEvent> received = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private TaskEventListener listener;

  private ClientEvents() {}

  static ClientEvents open(TasklaneClient who) {
    ClientEvents events = new ClientEvents();
    events.listener = who.listen(null, events.received::add, events.failures::add);
    Api.eventually("the event stream connected (failures: " + events.failures + ")")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !events.received.isEmpty());
    return events;
  }

  /** The first event of {@code type} that {@code matches}, waiting up to {@code timeout}. */
  public <E extends TaskEvent> E await(Class<E> type, Predicate<E> matches, Duration timeout) {
    return Api.eventually("a " + type.getSimpleName() + " event (failures: " + failures + ")")
        .atMost(timeout)
        .until(() -> first(type, matches), found -> found != null);
  }

  private <E extends TaskEvent> E first(Class<E> type, Predicate<E> matches) {
    for (TaskEvent event : received) {
      if (type.isInstance(event) && matches.test(type.cast(event))) {
        return type.cast(event);
      }
    }
    return null;
  }

  /** Every event received so far. */
  public List<TaskEvent> received() {
    return new ArrayList<>(received);
  }

  @Override
  public void close() {
    listener.close();
  }
}
