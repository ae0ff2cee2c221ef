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

  /**
   * Called once when the scheduler stops: a job whose work outlives {@link #run()} (on an executor
   * of its own) ends it here, before the database goes.
   */
  default void stop() {}

  /** A job from its parts (the scheduler's own jobs, tests). */
  static Housekeeping of(String name, Duration every, Runnable work) {
    return new Housekeeping() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Duration every() {
        return every;
      }

      @Override
      public void run() {
        work.run();
      }
    };
  }
}
