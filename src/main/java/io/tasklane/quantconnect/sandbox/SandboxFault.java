package io.tasklane.quantconnect.sandbox;

import jakarta.ws.rs.ProcessingException;

/**
 * A fault the sandbox was told to inject: in process it looks like a broken connection (what a
 * client sees of a reset), through the HTTP face it is answered with {@link #status()}.
 */
public final class SandboxFault extends ProcessingException {
  private static final long serialVersionUID = 1L;

  private final int status;

  SandboxFault(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
