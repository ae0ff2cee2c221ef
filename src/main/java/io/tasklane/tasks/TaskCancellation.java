package io.tasklane.tasks;

import io.tasklane.security.Caller;
import io.tasklane.system.Causes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import java.util.UUID;

/**
 * Cancels a task even when it changes under the cancel: a claim, a hand-off of a QuantConnect node
 * or an outcome may write the row between the cancel's read and its write (an optimistic-lock
 * conflict). The cancel is still wanted, so it is made again on the fresh row, each attempt a
 * transaction of its own; a task that ended meanwhile is a {@link TaskConflict} as usual.
 */
@ApplicationScoped
public class TaskCancellation {
  static final int ATTEMPTS = 5;

  @Inject TaskCommands commands;

  public Task cancel(UUID id, Caller caller) {
    for (int attempt = 1; ; attempt++) {
      try {
        return commands.cancel(id, caller);
      } catch (RuntimeException e) {
        if (attempt >= ATTEMPTS || !changedMeanwhile(e)) {
          throw e;
        }
      }
    }
  }

  static boolean changedMeanwhile(Throwable e) {
    return Causes.find(e, OptimisticLockException.class) != null;
  }
}
