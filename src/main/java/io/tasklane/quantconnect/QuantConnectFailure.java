package io.tasklane.quantconnect;

/**
 * What can go wrong talking to QuantConnect, told apart because each calls for a different
 * response: wait for a node, wait for credentials, retry later, or fail the task.
 */
public abstract class QuantConnectFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  QuantConnectFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /** Every backtest node of the organization is busy ("no spare nodes available"). */
  public static final class NoSpareNodes extends QuantConnectFailure {
    private static final long serialVersionUID = 1L;

    NoSpareNodes(String message) {
      super(message, null);
    }
  }

  /** QuantConnect rejected the user id or token ("Hash doesn't match", HTTP 401). */
  public static final class BadCredentials extends QuantConnectFailure {
    private static final long serialVersionUID = 1L;

    BadCredentials(String message) {
      super(message, null);
    }
  }

  /** 5xx, timeouts, connection resets: worth retrying later. */
  public static final class Unavailable extends QuantConnectFailure {
    private static final long serialVersionUID = 1L;

    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A {@code success: false} answer about the request itself (unknown project, bad compile). */
  public static final class Refused extends QuantConnectFailure {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null);
    }
  }
}
