package io.tasklane.models;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * XGBoost's OpenMP threads keep spinning for a while after each boosting round unless {@code
 * OMP_WAIT_POLICY=PASSIVE} is in the server's environment when the native library loads; the pauses
 * that hold a training task to a grant below its threads then still burn CPU (measured: 0.85-0.95
 * of a core on a half-core grant). {@code server-config/run.sh} and the test servers set it; a
 * server started otherwise is told once.
 */
final class OpenMpWaitPolicy {
  private static final Logger LOG = Logger.getLogger(OpenMpWaitPolicy.class.getName());
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private OpenMpWaitPolicy() {}

  static boolean passive(String value) {
    return value != null && value.trim().equalsIgnoreCase("passive");
  }

  static void warnOnceIfThreadsSpin() {
    if (!passive(System.getenv("OMP_WAIT_POLICY")) && WARNED.compareAndSet(false, true)) {
      LOG.warning(
          "OMP_WAIT_POLICY is not PASSIVE in this server's environment: a training task granted"
              + " less than its threads uses more CPU than its grant (set OMP_WAIT_POLICY=PASSIVE"
              + " before the server starts; server-config/run.sh does)");
    }
  }
}
