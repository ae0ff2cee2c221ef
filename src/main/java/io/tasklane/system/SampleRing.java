package io.tasklane.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The recent past of one figure, in memory: samples at least {@code spacing} apart, none older than
 * {@code window} behind the newest, so it never holds more than {@code window / spacing + 1}. A
 * chart reads it after a page reload; a restart of the instance starts it afresh, which is fine for
 * an hour of CPU readings.
 *
 * @param <T> one sample's figures
 */
public final class SampleRing<T> {
  /** A sample and when it was taken. */
  public record Sample<T>(Instant at, T value) {}

  private final Duration window;
  private final Duration spacing;
  private final Deque<Sample<T>> samples = new ArrayDeque<>(); // guarded by this

  public SampleRing(Duration window, Duration spacing) {
    if (spacing.isNegative() || spacing.isZero() || window.compareTo(spacing) < 0) {
      throw new IllegalArgumentException(
          "spacing must be positive and at most the window: " + spacing + ", " + window);
    }
    this.window = window;
    this.spacing = spacing;
  }

  /**
   * Keeps {@code value} unless the newest sample is less than the spacing older (or newer, as a
   * clock set back would make it); drops samples that fell out of the window.
   *
   * @return whether it was kept
   */
  public synchronized boolean add(Instant at, T value) {
    Objects.requireNonNull(at, "at");
    Sample<T> newest = samples.peekLast();
    if (newest != null && newest.at().plus(spacing).isAfter(at)) {
      return false;
    }
    samples.addLast(new Sample<>(at, value));
    Instant oldest = at.minus(window);
    while (samples.peekFirst().at().isBefore(oldest)) {
      samples.removeFirst();
    }
    return true;
  }

  /** The samples, oldest first. */
  public synchronized List<Sample<T>> samples() {
    return new ArrayList<>(samples);
  }

  public Duration window() {
    return window;
  }
}
