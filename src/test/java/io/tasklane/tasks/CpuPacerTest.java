package io.tasklane.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CpuPacerTest {
  static final long MS = 1_000_000;

  /** A clock the test moves: steps of work and the pacer's pauses advance it. */
  static final class FakeClock {
    long nanos = 1_000 * MS;

    long now() {
      return nanos;
    }
  }

  @Test
  void threads_are_the_granted_cores_rounded_up_within_the_machine() {
    assertEquals(1, CpuPacer.threadsFor(0.25, 2));
    assertEquals(1, CpuPacer.threadsFor(1.0, 2));
    assertEquals(2, CpuPacer.threadsFor(1.25, 2));
    assertEquals(2, CpuPacer.threadsFor(3.0, 2));
    assertEquals(4, CpuPacer.threadsFor(4.0, 16));
  }

  @Test
  void one_thread_on_a_fraction_of_a_core_never_uses_more_than_the_fraction() {
    FakeClock clock = new FakeClock();
    CpuPacer pacer = new CpuPacer(0.6, clock::now);
    long start = clock.nanos;
    double busy = 0;
    for (int round = 0; round < 200; round++) {
      long work = (round % 7 + 1) * MS; // rounds of 1 to 7 ms
      clock.nanos += work;
      busy += work;
      clock.nanos += pacer.pauseNanos(1);
      pacer.resumed();
      double cores = busy / (clock.nanos - start);
      assertTrue(cores <= 0.6 + 1e-9, "round " + round + ": " + cores + " cores");
    }
    assertEquals(0.6, busy / (clock.nanos - start), 0.01, "and it is not held below its grant");
  }

  @Test
  void two_threads_on_a_grant_of_one_and_a_quarter_keep_to_it() {
    FakeClock clock = new FakeClock();
    CpuPacer pacer = new CpuPacer(1.25, clock::now);
    long start = clock.nanos;
    double cpu = 0;
    for (int round = 0; round < 100; round++) {
      clock.nanos += 10 * MS;
      cpu += 2 * 10 * MS; // both threads busy all the round: the worst case
      clock.nanos += pacer.pauseNanos(2);
      pacer.resumed();
      assertTrue(cpu / (clock.nanos - start) <= 1.25 + 1e-9);
    }
  }

  @Test
  void a_grant_of_whole_cores_for_as_many_threads_never_pauses() {
    FakeClock clock = new FakeClock();
    CpuPacer pacer = new CpuPacer(2.0, clock::now);
    for (int round = 0; round < 50; round++) {
      clock.nanos += 5 * MS;
      assertEquals(0, pacer.pauseNanos(2));
      pacer.resumed();
    }
  }

  @Test
  void a_long_wait_pays_for_no_more_than_the_credit() {
    FakeClock clock = new FakeClock();
    CpuPacer pacer = new CpuPacer(0.5, clock::now);
    clock.nanos += 10_000 * MS; // ten seconds waiting for the database, say
    pacer.resumed();
    clock.nanos += 1_000 * MS; // then a second of work on one thread
    long pause = pacer.pauseNanos(1);
    // a second at half a core needs two: one of work and one of pause, less at most the credit
    assertTrue(
        pause >= 1_000 * MS - CpuPacer.MAX_CREDIT.toNanos(), Duration.ofNanos(pause)::toString);
  }
}
