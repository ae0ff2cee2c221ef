package io.tasklane.events;

import io.tasklane.system.ProblemException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How many event streams are open, per user and in all, and the caps on both: each open stream
 * holds a socket, a file descriptor and a queue, so neither one user nor everyone together may open
 * them without bound. A stream takes a place before it is registered and gives it back exactly once
 * when it closes.
 */
final class StreamQuota {
  private final int perUser;
  private final int total;
  private final Duration retryAfter;
  private final Map<String, Integer> open = new HashMap<>();
  private int openInAll;

  StreamQuota(int perUser, int total, Duration retryAfter) {
    this.perUser = perUser;
    this.total = total;
    this.retryAfter = retryAfter;
  }

  /** Takes a place for a stream of {@code user}: 429 past the user's cap, 503 past the total. */
  synchronized void take(String user) {
    int mine = open.getOrDefault(user, 0);
    if (mine >= perUser) {
      throw new ProblemException.TooManyRequests(
          "You have "
              + mine
              + " event streams open, the most allowed per user: close one (a stream that was"
              + " simply abandoned is noticed within a heartbeat), then try again.",
          retryAfter);
    }
    if (openInAll >= total) {
      throw new ProblemException.Unavailable(
          "This server holds as many event streams as it allows (" + total + "); try again later.",
          retryAfter);
    }
    open.put(user, mine + 1);
    openInAll++;
  }

  /** Gives back a place taken by {@link #take}. */
  synchronized void release(String user) {
    Integer mine = open.get(user);
    if (mine == null) {
      return;
    }
    if (mine <= 1) {
      open.remove(user);
    } else {
      open.put(user, mine - 1);
    }
    openInAll--;
  }

  synchronized int openInAll() {
    return openInAll;
  }

  synchronized int openBy(String user) {
    return open.getOrDefault(user, 0);
  }
}
