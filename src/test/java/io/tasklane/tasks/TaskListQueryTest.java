package io.tasklane.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.system.ProblemException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskListQueryTest {

  static TaskListQuery read(
      String symbol, String strategy, String from, String to, String sort, String order) {
    return TaskListQuery.read("alice", null, null, symbol, strategy, from, to, sort, order);
  }

  @Test
  void without_parameters_the_list_is_newest_queued_first_and_unfiltered() {
    TaskListQuery query = read(null, null, null, null, null, null);

    assertEquals(TaskListQuery.Sort.NEWEST_FIRST, query.sort());
    assertEquals(new TaskStore.Filter("alice", null, null), query.filter());
  }

  @Test
  void a_sort_column_is_mapped_to_its_entity_field_and_the_order_read() {
    TaskListQuery query = read(null, null, null, null, "finished_at", "asc");

    assertEquals("finishedAt", query.sort().field());
    assertFalse(query.sort().descending());
  }

  @Test
  void an_unknown_sort_column_or_order_is_refused_naming_the_parameter() {
    ProblemException sort =
        assertThrows(
            ProblemException.class, () -> read(null, null, null, null, "parameters_json", null));
    assertTrue(sort.getMessage().startsWith("sort: must be one of"), sort.getMessage());
    ProblemException order =
        assertThrows(ProblemException.class, () -> read(null, null, null, null, null, "up"));
    assertEquals("order: must be asc or desc.", order.getMessage());
  }

  @Test
  void dates_are_whole_utc_days_with_the_last_day_included() {
    TaskStore.Filter filter = read(null, null, "2024-01-01", "2024-01-31", null, null).filter();

    assertEquals(Instant.parse("2024-01-01T00:00:00Z"), filter.from());
    assertEquals(Instant.parse("2024-02-01T00:00:00Z"), filter.to());
  }

  @Test
  void a_malformed_date_or_a_range_ending_before_it_starts_is_refused() {
    assertThrows(ProblemException.class, () -> read(null, null, "01/02/2024", null, null, null));
    ProblemException backwards =
        assertThrows(
            ProblemException.class, () -> read(null, null, "2024-02-01", "2024-01-01", null, null));
    assertEquals("to: must not be before from.", backwards.getMessage());
  }

  @Test
  void a_symbol_is_upper_cased_and_one_with_quotes_or_wildcards_is_refused() {
    assertEquals("BTC_USDT", read(" btc_usdt ", null, null, null, null, null).filter().symbol());
    assertThrows(ProblemException.class, () -> read("BTC\"%", null, null, null, null, null));
    assertThrows(ProblemException.class, () -> read(null, "SMA;drop", null, null, null, null));
    assertNull(read("", "", "", "", null, null).filter().symbol());
  }

  @Test
  void the_json_pattern_escapes_like_wildcards_so_an_underscore_matches_only_itself() {
    assertEquals("%\"symbol\":\"BTC!_USDT\"%", TaskStore.jsonFieldPattern("symbol", "BTC_USDT"));
  }
}
