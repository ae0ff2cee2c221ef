package io.tasklane.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkSizingTest {
  private final ChunkSizing sizing = new ChunkSizing(1.5, 40, 5000, 1000, 8);

  @Test
  void a_chunk_runs_about_the_target_time_by_its_bars() {
    // 1.5 s / (3,650 bars × 40 ns) = 10,273 combinations, capped at 5,000.
    assertEquals(5000, sizing.chunkSize(3650, 100_000, false));
    // 1.5 s / (87,600 bars × 40 ns) = 428.
    assertEquals(428, sizing.chunkSize(87_600, 100_000, false));
    assertEquals(142, sizing.chunkSize(87_600, 100_000, true));
    // Minute bars over years: one combination per chunk at least.
    assertEquals(1, sizing.chunkSize(100_000_000, 10, false));
  }

  @Test
  void never_more_chunks_than_one_submission_holds() {
    assertEquals(100, sizing.chunkSize(100_000_000, 100_000, false));
  }

  @Test
  void chunks_cover_every_combination_once_and_never_span_two_series() {
    List<ChunkSizing.Range> ranges = sizing.split(3, 12_000, 3650, false);
    int next = 0;
    for (ChunkSizing.Range range : ranges) {
      assertEquals(next, range.first());
      assertEquals(range.first() / 12_000, (range.first() + range.size() - 1) / 12_000);
      assertTrue(range.size() <= 5000);
      next += range.size();
    }
    assertEquals(36_000, next);
    assertEquals(9, ranges.size());
  }

  @Test
  void ten_thousand_daily_combinations_are_one_chunk_where_only_one_runs_at_a_time() {
    // 2 cores, a 20 % buffer, one-thread chunks: the rule runs one at a time.
    int sideBySide = ChunkSizing.sideBySide(2, 0.4, 1);
    assertEquals(1, sideBySide);
    List<ChunkSizing.Range> ranges =
        new ChunkSizing(1.5, 40, 20_000, 1000, sideBySide).split(1, 10_000, 3653, false);
    assertEquals(List.of(new ChunkSizing.Range(0, 10_000)), ranges);
  }

  @Test
  void a_cheap_sweep_spreads_over_as_many_chunks_as_run_side_by_side() {
    // 8 cores, a 20 % buffer: six one-thread chunks, or three of two threads.
    assertEquals(6, ChunkSizing.sideBySide(8, 1.6, 1));
    assertEquals(3, ChunkSizing.sideBySide(8, 1.6, 2));
    List<ChunkSizing.Range> ranges =
        new ChunkSizing(1.5, 40, 20_000, 1000, 6).split(1, 10_000, 3653, false);
    assertEquals(6, ranges.size());
    assertEquals(10_000, ranges.stream().mapToInt(ChunkSizing.Range::size).sum());
  }

  @Test
  void a_costly_sweep_is_cut_by_time_not_by_the_spread() {
    // 87,600 hourly bars: 428 combinations make 1.5 s, far fewer than 10,000 / 6.
    assertEquals(428, new ChunkSizing(1.5, 40, 20_000, 1000, 6).chunkSize(87_600, 10_000, false));
  }

  @Test
  void one_chunk_where_the_buffer_leaves_less_than_a_chunk_s_threads() {
    assertEquals(1, ChunkSizing.sideBySide(1, 0.2, 1));
    assertEquals(1, ChunkSizing.sideBySide(2, 0.4, 4));
  }
}
