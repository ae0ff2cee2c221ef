package io.tasklane.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ResultSummaryTest {
  private static final String RESULT =
      "{\"strategy\":\"sma_crossover\",\"params\":{\"fast_period\":10},\"total_return\":0.12,"
          + "\"equity_curve\":[1,2,{\"a\":[3]}],\"trade_count\":7,\"partial_range\":false,"
          + "\"notes\":[],\"sharpe_ratio\":null,\"benchmark\":{\"total_return\":0.3}}";

  @Test
  void the_stored_text_is_summarised_by_its_scalar_members_in_order() {
    assertEquals(
        "{\"strategy\":\"sma_crossover\",\"total_return\":0.12,\"trade_count\":7,"
            + "\"partial_range\":false,\"sharpe_ratio\":null}",
        ResultSummary.of(RESULT).toString());
  }

  @Test
  void the_result_as_built_gives_the_same_summary_as_its_text() {
    JsonObject built = Json.createReader(new StringReader(RESULT)).readObject();
    assertEquals(ResultSummary.of(RESULT), ResultSummary.of(built));
    assertEquals(ResultSummary.of(RESULT).toString(), ResultSummary.of(built).toString());
  }

  @Test
  void no_result_or_one_that_is_not_an_object_summarises_to_nothing() {
    assertEquals(JsonValue.EMPTY_JSON_OBJECT, ResultSummary.of((String) null));
    assertEquals(JsonValue.EMPTY_JSON_OBJECT, ResultSummary.of(" "));
    assertEquals(JsonValue.EMPTY_JSON_OBJECT, ResultSummary.of("[1,2]"));
  }
}
