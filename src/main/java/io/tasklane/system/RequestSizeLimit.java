package io.tasklane.system;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over 1 MiB: at once when Content-Length says so, otherwise while reading
 * (chunked uploads), so an oversized body is never buffered whole.
 */
@Provider
@PreMatching
public class RequestSizeLimit implements ContainerRequestFilter {
  public static final long MAX_BYTES = 1024 * 1024;

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getLength() > MAX_BYTES) {
      throw tooLarge();
    }
    if (request.hasEntity()) {
      request.setEntityStream(new Bounded(request.getEntityStream()));
    }
  }

  private static ProblemException tooLarge() {
    return new ProblemException.PayloadTooLarge(
        "Request bodies are limited to " + MAX_BYTES + " bytes.");
  }

  private static final class Bounded extends FilterInputStream {
    private long read;

    Bounded(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      read += n;
      if (read > MAX_BYTES) {
        throw tooLarge();
      }
    }
  }
}
