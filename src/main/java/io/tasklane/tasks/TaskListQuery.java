package io.tasklane.tasks;

import io.tasklane.system.ProblemException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The filters and the order of {@code GET /api/tasks}, read strictly from the query parameters: an
 * unknown sort column, a malformed symbol or date is a 400 naming the parameter. Sort columns are a
 * whitelist mapped to entity fields, so nothing from the request is ever put into a query's text.
 */
public record TaskListQuery(TaskStore.Filter filter, Sort sort) {

  /** The columns a list can be sorted by, by their wire names. */
  static final Map<String, String> SORT_COLUMNS =
      Map.of(
          "queued_at", "queuedAt",
          "started_at", "startedAt",
          "finished_at", "finishedAt",
          "priority", "priority",
          "status", "status",
          "task_type", "taskType",
          "user_id", "userId");

  private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_./-]{0,31}");
  private static final Pattern STRATEGY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /** An entity field and a direction. */
  public record Sort(String field, boolean descending) {
    public static final Sort NEWEST_FIRST = new Sort("queuedAt", true);
  }

  /**
   * @param from the first day (UTC) of queued_at to list, inclusive, as {@code yyyy-MM-dd}
   * @param to the last day (UTC), inclusive
   */
  public static TaskListQuery read(
      String userId,
      TaskStatus status,
      String taskType,
      String symbol,
      String strategy,
      String from,
      String to,
      String sort,
      String order) {
    String symbolValue = null;
    if (symbol != null && !symbol.isBlank()) {
      if (!SYMBOL.matcher(symbol.trim()).matches()) {
        throw invalid("symbol: must be a symbol like BTC_USDT.");
      }
      symbolValue = symbol.trim().toUpperCase(Locale.ROOT);
    }
    String strategyValue = null;
    if (strategy != null && !strategy.isBlank()) {
      if (!STRATEGY.matcher(strategy.trim()).matches()) {
        throw invalid("strategy: must be a strategy name like sma_crossover.");
      }
      strategyValue = strategy.trim();
    }
    Instant fromInstant = day("from", from, 0);
    Instant toInstant = day("to", to, 1);
    if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
      throw invalid("to: must not be before from.");
    }
    return new TaskListQuery(
        new TaskStore.Filter(
            userId, status, taskType, symbolValue, strategyValue, fromInstant, toInstant),
        sort(sort, order));
  }

  private static Sort sort(String sort, String order) {
    String field = SORT_COLUMNS.get(sort == null ? "queued_at" : sort);
    if (field == null) {
      throw invalid(
          "sort: must be one of "
              + String.join(", ", SORT_COLUMNS.keySet().stream().sorted().toList())
              + ".");
    }
    boolean descending =
        switch (order == null ? "desc" : order) {
          case "asc" -> false;
          case "desc" -> true;
          default -> throw invalid("order: must be asc or desc.");
        };
    return new Sort(field, descending);
  }

  /** The start of {@code text}'s day plus {@code plusDays}, in UTC; null when absent. */
  private static Instant day(String name, String text, int plusDays) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(text.trim())
          .plusDays(plusDays)
          .atStartOfDay(ZoneOffset.UTC)
          .toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(name + ": must be a date like 2024-01-31.");
    }
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException.InvalidInput(detail);
  }
}
