package io.tasklane.scheduling;

import java.time.Duration;

/**
 * A periodic job beside admission, on a schedule of its own so that a slow one (a database that
 * hesitates, an API that does not answer) delays no other. Found through CDI: a lane registers its
 * own.
 */
public interface Housekeeping {
  /** For the log when a run fails. */
  String name();

  /** Pause between the end of one run and the start of the next. */
  Duration every();

  void run();
}
