package io.tasklane.quantconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which of a project's backtests are a task's, and which of them it follows. */
class TaggedBacktestsTest {
  private final UUID taskId = UUID.randomUUID();
  private final TaggedBacktests tagged = new TaggedBacktests(null, 4711, taskId);

  private static QuantConnectBacktest backtest(String id, String name, String created) {
    return new QuantConnectBacktest(id, name, created, null, false, 0, null, null, null, null);
  }

  @Test
  void only_backtests_carrying_the_tasks_tag_are_its_own() {
    String tag = TaggedBacktests.tag(taskId);
    List<QuantConnectBacktest> ours =
        tagged.ours(
            List.of(
                backtest("a", "Tasklane " + tag, null),
                backtest("b", "Tasklane [tasklane:" + UUID.randomUUID() + "]", null),
                backtest("c", null, null),
                backtest("d", "from the web IDE", null)));
    assertEquals(List.of("a"), ours.stream().map(QuantConnectBacktest::backtestId).toList());
  }

  @Test
  void the_recorded_backtest_is_followed_before_an_earlier_one() {
    List<QuantConnectBacktest> ours =
        List.of(
            backtest("early", "x", "2026-01-01 10:00:00"),
            backtest("known", "x", "2026-01-01 11:00:00"));
    assertEquals("known", TaggedBacktests.toFollow(ours, "known").orElseThrow().backtestId());
  }

  @Test
  void without_a_recorded_one_the_earliest_is_followed_and_none_without_any() {
    List<QuantConnectBacktest> ours =
        List.of(
            backtest("late", "x", "2026-01-01 11:00:00"),
            backtest("undated", "x", null),
            backtest("early", "x", "2026-01-01 10:00:00"));
    assertEquals("early", TaggedBacktests.toFollow(ours, null).orElseThrow().backtestId());
    assertTrue(TaggedBacktests.toFollow(List.of(), "known").isEmpty());
  }
}
