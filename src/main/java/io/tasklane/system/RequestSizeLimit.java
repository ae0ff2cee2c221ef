package io.tasklane.system;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over 1 MiB (market-data CSV imports: 32 MiB, about half a million bars):
 * when Content-Length says so before parsing anything, otherwise while reading (chunked uploads),
 * so an oversized body is never buffered whole. The rest of an oversized body is drained (up to
 * {@link #MAX_DRAIN_BYTES}, discarded) before the 413, declared or chunked alike, because clients
 * that write the whole body before reading the answer would otherwise never see it.
 */
@Provider
@PreMatching
public class RequestSizeLimit implements ContainerRequestFilter {
  public static final long MAX_BYTES = 1024 * 1024;

  /** CSV imports carry years of bars; everything else is a small JSON document. */
  public static final long MAX_IMPORT_BYTES = 32L * 1024 * 1024;

  static final long MAX_DRAIN_BYTES = 32L * 1024 * 1024;

  @Override
  public void filter(ContainerRequestContext request) {
    long limit = limitFor(request);
    if (request.getLength() > limit) {
      drain(request.getEntityStream(), Math.min(request.getLength(), MAX_DRAIN_BYTES));
      throw tooLarge(limit);
    }
    if (request.hasEntity()) {
      request.setEntityStream(new Bounded(request.getEntityStream(), limit));
    }
  }

  static long limitFor(ContainerRequestContext request) {
    boolean csvImport =
        "POST".equals(request.getMethod())
            && request.getUriInfo().getPath().replaceFirst("^/", "").startsWith("market-data/");
    return csvImport ? MAX_IMPORT_BYTES : MAX_BYTES;
  }

  static void drain(InputStream body, long max) {
    byte[] buffer = new byte[64 * 1024];
    long left = max;
    try {
      int n;
      while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
        left -= n;
      }
    } catch (IOException e) {
      // the client gave up sending: the 413 still goes out if it can
    }
  }

  private static ProblemException tooLarge(long limit) {
    return new ProblemException.PayloadTooLarge(
        "Request bodies are limited to " + limit + " bytes.");
  }

  /** A body read through its limit: the first byte over it drains the rest and refuses. */
  static final class Bounded extends FilterInputStream {
    private final long limit;
    private long read;

    Bounded(InputStream in, long limit) {
      super(in);
      this.limit = limit;
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
      if (read > limit) {
        drain(in, MAX_DRAIN_BYTES);
        throw tooLarge(limit);
      }
    }
  }
}
