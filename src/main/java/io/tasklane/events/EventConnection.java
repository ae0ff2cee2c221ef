package io.tasklane.events;

import java.io.IOException;

/**
 * Where one client's frames go, written without ever blocking the writer: a write the socket cannot
 * take yet is finished by the connection, which says when more may be written.
 */
interface EventConnection {
  /** Told when the connection can take more bytes, and when it has gone. */
  interface Listener {
    /** The connection can be written (the first time, or after a write it could not take). */
    void onWritable();

    /** The connection closed or failed; {@code cause} is null for an orderly end. */
    void onClosed(Throwable cause);
  }

  /** Starts delivering: {@code listener} is told once the connection can first be written. */
  void start(Listener listener);

  /**
   * Writes and flushes {@code bytes}. True: they went to the socket and more may be written now.
   * False: the socket is full; nothing may be written until {@link Listener#onWritable()}.
   */
  boolean write(byte[] bytes) throws IOException;

  boolean isOpen();

  /** Ends the response; idempotent. */
  void close();
}
