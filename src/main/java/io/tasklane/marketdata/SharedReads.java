package io.tasklane.marketdata;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Reads shared by callers that each need an answer read no earlier than a moment of their own: a
 * read begun at or after that moment answers the caller, in flight or done, instead of a read of
 * its own. The backtests one admission pass launched check their series with one read, not one a
 * run (a database round trip and a commit each, issue 25), and each still sees the series as it was
 * at some point after it was launched.
 */
final class SharedReads<K, V> {
  private record Read<V>(long begunNanos, CompletableFuture<V> answer) {}

  private final ConcurrentHashMap<K, Read<V>> latest = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;

  SharedReads(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * The answer of a read of {@code key} begun at or after {@code notBeforeNanos} (a {@link
   * System#nanoTime} value): another caller's, or {@code reader}'s, called now. A caller whose
   * shared read failed reads for itself.
   */
  V read(K key, long notBeforeNanos, Supplier<V> reader) {
    Read<V> last = latest.get(key);
    if (last != null && last.begunNanos() - notBeforeNanos >= 0) {
      try {
        return last.answer().join();
      } catch (CompletionException | CancellationException failed) {
        // Its reader's failure is not this caller's: read below.
      }
    }
    Read<V> mine = new Read<>(nanoTime.getAsLong(), new CompletableFuture<>());
    latest.merge(
        key, mine, (old, fresh) -> fresh.begunNanos() - old.begunNanos() >= 0 ? fresh : old);
    try {
      V value = reader.get();
      mine.answer().complete(value);
      return value;
    } catch (RuntimeException | Error failure) {
      mine.answer().completeExceptionally(failure);
      latest.remove(key, mine);
      throw failure;
    }
  }
}
