package io.tasklane.events;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one action for many clients on a few tasks of the sender executor: the clients are cut into
 * about one slice per sender thread, so a fan-out to 2,000 clients is a handful of tasks rather
 * than 2,000 (each task costs a queue hand-off and a wake-up, more than a non-blocking write).
 */
final class FanOut {
  private static final Logger LOG = Logger.getLogger(FanOut.class.getName());

  /** Fewer clients than this are not worth a task of their own. */
  static final int MIN_SLICE = 64;

  private final Executor senders;
  private final int slices;

  FanOut(Executor senders, int slices) {
    this.senders = senders;
    this.slices = Math.max(1, slices);
  }

  <T> void run(List<T> clients, Consumer<T> action) {
    int size = Math.max(MIN_SLICE, (clients.size() + slices - 1) / slices);
    for (int from = 0; from < clients.size(); from += size) {
      List<T> slice = clients.subList(from, Math.min(clients.size(), from + size));
      try {
        senders.execute(() -> slice.forEach(action));
      } catch (RejectedExecutionException e) {
        LOG.log(Level.FINE, "Sender executor stopped; the server is shutting down", e);
        return;
      }
    }
  }
}
