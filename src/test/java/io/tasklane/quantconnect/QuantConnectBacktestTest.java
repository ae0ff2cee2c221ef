package io.tasklane.quantconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class QuantConnectBacktestTest {
  private static QuantConnectBacktest of(String text) {
    JsonObject json = Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    return QuantConnectBacktest.of(json);
  }

  @Test
  void running_backtest_is_not_finished_and_reports_its_percentage() {
    QuantConnectBacktest b =
        of("{'backtestId':'b1','status':'Running: 42%','completed':false,'progress':0.42}");
    assertFalse(b.finished());
    assertEquals(42, b.percent());
  }

  @Test
  void completed_backtest_with_empty_statistics_list_has_no_statistics_yet() {
    QuantConnectBacktest b =
        of("{'backtestId':'b1','status':'Completed.','completed':true,'statistics':[]}");
    assertTrue(b.finished());
    assertFalse(b.failed());
    assertNull(b.statistics());
  }

  @Test
  void statistics_map_is_read_as_strings() {
    QuantConnectBacktest b =
        of(
            "{'backtestId':'b1','completed':true,'statistics':{'Sharpe Ratio':'1.2','Total"
                + " Orders':'10'}}");
    assertEquals("1.2", b.statistics().get("Sharpe Ratio"));
    assertEquals("10", b.statistics().get("Total Orders"));
  }

  @Test
  void an_error_or_stacktrace_finishes_a_backtest_as_failed() {
    assertTrue(of("{'backtestId':'b','completed':false,'error':'boom'}").failed());
    assertTrue(of("{'backtestId':'b','completed':false,'stacktrace':'at x'}").finished());
    assertFalse(of("{'backtestId':'b','completed':false,'error':''}").finished());
  }
}
