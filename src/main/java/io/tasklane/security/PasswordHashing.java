package io.tasklane.security;

import io.tasklane.system.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * PBKDF2 (120,000 iterations of HMAC-SHA256, ~0.1 s of a core each) on a small pool of its own with
 * a bounded queue: a flood of sign-ins uses at most {@code tasklane.auth.hash-threads} cores and is
 * answered 503 beyond the queue, instead of taking the CPU every other request needs. Callers get a
 * future, so no request thread waits for a hash or for a throttle's delay.
 */
@ApplicationScoped
public class PasswordHashing {
  static final Duration RETRY_WHEN_BUSY = Duration.ofSeconds(1);

  @Resource ManagedThreadFactory threads;
  @Inject Pbkdf2PasswordHash hasher;

  @Inject @ConfigProperties AuthConfig config;

  private ThreadPoolExecutor pool;

  /** Holds delayed attempts until their turn; the work itself always runs on {@link #pool}. */
  private ScheduledThreadPoolExecutor delays;

  /** Verified against when the user does not exist, so timing does not reveal which names exist. */
  private String decoyHash;

  @PostConstruct
  void start() {
    hasher.initialize(
        Map.of(
            "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
            "Pbkdf2PasswordHash.Iterations", "120000",
            "Pbkdf2PasswordHash.SaltSizeBytes", "32",
            "Pbkdf2PasswordHash.KeySizeBytes", "32"));
    int count =
        config.hashThreads.orElse(
            Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors() / 2)));
    pool =
        new ThreadPoolExecutor(
            count,
            count,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(Math.max(1, config.hashQueue)),
            threads);
    delays = new ScheduledThreadPoolExecutor(1, threads);
    delays.setRemoveOnCancelPolicy(true);
    decoyHash = hasher.generate("decoy-password".toCharArray());
  }

  @PreDestroy
  void stop() {
    delays.shutdownNow();
    pool.shutdownNow();
  }

  /** A new hash of {@code password}, computed on the pool (the caller waits for it). */
  public String hash(String password) {
    return await(run(Duration.ZERO, () -> hasher.generate(password.toCharArray())));
  }

  /**
   * Whether {@code password} matches {@code hash}; with no hash (no such account) a decoy is
   * verified instead, so the answer takes as long either way. Starts after {@code delay}.
   */
  public CompletableFuture<Boolean> verify(String password, String hash, Duration delay) {
    return run(delay, () -> matches(password, hash));
  }

  /** {@link #verify} for work that is already on the pool. */
  boolean matches(String password, String hash) {
    boolean matches =
        hasher.verify(String.valueOf(password).toCharArray(), hash == null ? decoyHash : hash);
    return hash != null && matches;
  }

  /** {@link #hash} for work that is already on the pool. */
  String generate(String password) {
    return hasher.generate(password.toCharArray());
  }

  /**
   * Runs {@code work} on the pool after {@code delay}. Fails with 503 (Retry-After) when the pool's
   * queue is full at that time.
   */
  public <T> CompletableFuture<T> run(Duration delay, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable submit =
        () -> {
          try {
            pool.execute(
                () -> {
                  try {
                    result.complete(work.get());
                  } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                  }
                });
          } catch (RejectedExecutionException e) {
            result.completeExceptionally(
                new ProblemException.Unavailable(
                    "Too many password checks at once; try again in a moment.", RETRY_WHEN_BUSY));
          }
        };
    if (delay.isZero() || delay.isNegative()) {
      submit.run();
    } else {
      try {
        delays.schedule(submit, delay.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        submit.run(); // shutting down: the pool refuses it in turn
      }
    }
    return result;
  }

  /** The value of a future, its ProblemException unwrapped. */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException | CancellationException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
