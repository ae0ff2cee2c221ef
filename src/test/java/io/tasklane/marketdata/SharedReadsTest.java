package io.tasklane.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SharedReadsTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final SharedReads<String, String> reads = new SharedReads<>(now::get);
  private final AtomicInteger readerCalls = new AtomicInteger();

  private String read(String key, long notBefore, String answer) {
    return reads.read(
        key,
        notBefore,
        () -> {
          readerCalls.incrementAndGet();
          return answer;
        });
  }

  @Test
  void a_read_begun_after_a_callers_moment_answers_it_without_a_read_of_its_own() {
    assertEquals("v1", read("BTC", 900, "v1")); // begun at 1,000
    assertEquals("v1", read("BTC", 950, "v2"));
    assertEquals("v1", read("BTC", 1_000, "v2"));
    assertEquals(1, readerCalls.get());
  }

  @Test
  void a_read_begun_before_a_callers_moment_does_not_answer_it() {
    read("BTC", 900, "old");
    now.set(2_000);
    assertEquals("new", read("BTC", 1_500, "new"));
    assertEquals(2, readerCalls.get());
    // and the newer read now answers those launched before it
    assertEquals("new", read("BTC", 1_200, "newest"));
    assertEquals(2, readerCalls.get());
  }

  @Test
  void series_are_read_apart() {
    assertEquals("btc", read("BTC", 900, "btc"));
    assertEquals("eth", read("ETH", 900, "eth"));
    assertEquals(2, readerCalls.get());
  }

  @Test
  void a_read_in_flight_answers_callers_whose_moment_came_before_it_began() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    CompletableFuture<String> first =
        CompletableFuture.supplyAsync(
            () ->
                reads.read(
                    "BTC",
                    900,
                    () -> {
                      reading.countDown();
                      await(answer);
                      return "v1";
                    }));
    assertTrue(reading.await(5, TimeUnit.SECONDS));
    CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> read("BTC", 950, "v2"));
    Thread.sleep(50);
    answer.countDown();
    assertEquals("v1", first.get(5, TimeUnit.SECONDS));
    assertEquals("v1", second.get(5, TimeUnit.SECONDS));
    assertEquals(0, readerCalls.get(), "the second caller waited for the read in flight");
  }

  @Test
  void a_failed_read_fails_its_own_caller_and_the_next_caller_reads_for_itself() {
    IllegalStateException down = new IllegalStateException("database down");
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                reads.read(
                    "BTC",
                    900,
                    () -> {
                      throw down;
                    }));
    assertSame(down, thrown);
    assertEquals("v2", read("BTC", 950, "v2"));
    assertEquals(1, readerCalls.get());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
