package io.tasklane.profiles;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class UsageMeterTest {
  /** Burns CPU on this thread until the thread has used {@code millis} of it. */
  private static long burn(long millis) {
    long until = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() + millis * 1_000_000;
    long x = 0;
    while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() < until) {
      for (int i = 0; i < 10_000; i++) {
        x += i * 31L ^ x;
      }
    }
    return x;
  }

  @Test
  void a_task_burning_cpu_on_its_thread_is_measured_within_a_tolerance() {
    UsageMeter meter = UsageMeter.start();
    burn(300);
    UsageMeter.Usage usage = meter.stop();

    assertTrue(usage.threadCpuMs() >= 290, "thread CPU " + usage.threadCpuMs());
    assertTrue(usage.threadCpuMs() < 3_000, "thread CPU " + usage.threadCpuMs());
    assertTrue(usage.wallMs() >= usage.threadCpuMs() * 0.9, "wall " + usage.wallMs());
    assertTrue(
        usage.processCpuMs() >= usage.threadCpuMs() * 0.9, "process CPU " + usage.processCpuMs());
  }

  @Test
  void bytes_the_thread_allocates_are_counted() {
    UsageMeter meter = UsageMeter.start();
    byte[][] kept = new byte[64][];
    for (int i = 0; i < kept.length; i++) {
      kept[i] = new byte[1024 * 1024];
    }
    UsageMeter.Usage usage = meter.stop();

    assertTrue(kept[63].length > 0);
    assertTrue(usage.allocatedBytes() >= 64L * 1024 * 1024, "allocated " + usage.allocatedBytes());
  }

  @Test
  void native_thread_types_learn_the_process_cpu_and_others_their_own_threads() {
    UsageMeter.Usage usage = new UsageMeter.Usage(100, 700, 400, 0);

    assertTrue(ResourceProfiles.cost("model_training", usage) == 700);
    assertTrue(ResourceProfiles.cost("prediction", usage) == 700);
    assertTrue(ResourceProfiles.cost("backtest", usage) == 100);
  }
}
