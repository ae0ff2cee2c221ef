package io.tasklane.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.support.ConfigDefaults;
import io.tasklane.support.Fakes;
import io.tasklane.system.ProblemException;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PasswordHashingTest {
  final List<String> verified = new ArrayList<>();
  final PasswordHashing hashing = new PasswordHashing();

  PasswordHashingTest() {
    hashing.hasher =
        Fakes.of(
            Pbkdf2PasswordHash.class,
            Map.of(
                "generate", args -> "hash:" + new String((char[]) args[0]),
                "verify",
                    args -> {
                      synchronized (verified) {
                        verified.add((String) args[1]);
                      }
                      return ("hash:" + new String((char[]) args[0])).equals(args[1]);
                    }));
    hashing.threads =
        Fakes.of(
            ManagedThreadFactory.class,
            Map.of(
                "newThread",
                args -> {
                  Thread thread = new Thread((Runnable) args[0]);
                  thread.setDaemon(true);
                  return thread;
                }));
    hashing.config = ConfigDefaults.of(AuthConfig.class);
    hashing.config.hashThreads = Optional.of(1);
    hashing.config.hashQueue = 2;
    hashing.start();
  }

  @AfterEach
  void stop() {
    hashing.stop();
  }

  @Test
  void an_unknown_account_costs_a_decoy_verification_and_never_matches() {
    assertFalse(hashing.verify("decoy-password", null, Duration.ZERO).join());
    assertEquals(List.of("hash:decoy-password"), verified, "the decoy was verified");
    assertTrue(hashing.verify("secret-1", "hash:secret-1", Duration.ZERO).join());
    assertFalse(hashing.verify("secret-2", "hash:secret-1", Duration.ZERO).join());
  }

  @Test
  void beyond_the_pool_and_its_queue_checks_are_refused_with_503_at_once() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    List<CompletableFuture<Boolean>> admitted = new ArrayList<>();
    admitted.add(
        hashing.run(
            Duration.ZERO,
            () -> {
              running.countDown();
              await(release);
              return true;
            }));
    assertTrue(running.await(5, TimeUnit.SECONDS));
    admitted.add(hashing.run(Duration.ZERO, () -> true));
    admitted.add(hashing.run(Duration.ZERO, () -> true));

    CompletableFuture<Boolean> overflow = hashing.run(Duration.ZERO, () -> true);
    ProblemException refused =
        assertThrows(ProblemException.class, () -> PasswordHashing.await(overflow));
    assertEquals(503, refused.status());
    assertEquals(Duration.ofSeconds(1), refused.retryAfter());

    release.countDown();
    for (CompletableFuture<Boolean> check : admitted) {
      assertTrue(check.get(5, TimeUnit.SECONDS), "the admitted ones all ran");
    }
  }

  @Test
  void a_delayed_check_starts_only_after_its_delay() throws Exception {
    long started = System.nanoTime();
    CompletableFuture<Long> at =
        hashing.run(Duration.ofMillis(200), () -> System.nanoTime() - started);
    assertTrue(at.get(5, TimeUnit.SECONDS) >= TimeUnit.MILLISECONDS.toNanos(200));
  }

  static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
