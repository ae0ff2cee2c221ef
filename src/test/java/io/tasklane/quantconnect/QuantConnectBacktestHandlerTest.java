package io.tasklane.quantconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.system.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantConnectBacktestHandlerTest {
  private final QuantConnectBacktestHandler handler = new QuantConnectBacktestHandler();

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
  }

  @Test
  void valid_parameters_are_normalised() {
    JsonObject normalized =
        handler.validate(
            json(
                "{'project_id':123,'backtest_name':'Momentum v2','parameters':{'ema':20,'mode':'fast'}}"));
    assertEquals(123, normalized.getJsonNumber("project_id").longValue());
    assertEquals("Momentum v2", normalized.getString("backtest_name"));
    assertEquals(20, normalized.getJsonObject("parameters").getInt("ema"));
    assertEquals("fast", normalized.getJsonObject("parameters").getString("mode"));
  }

  @Test
  void parameters_default_to_an_empty_object() {
    assertTrue(handler.validate(json("{'project_id':7}")).getJsonObject("parameters").isEmpty());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|project_id",
        "{'project_id':'12'}|project_id",
        "{'project_id':0}|project_id",
        "{'project_id':1.5}|project_id",
        "{'project_id':1,'extra':true}|extra",
        "{'project_id':1,'backtest_name':''}|backtest_name",
        "{'project_id':1,'parameters':[1]}|parameters",
        "{'project_id':1,'parameters':{'a':true}}|parameters.a",
        "{'project_id':1,'parameters':{'a':{'b':1}}}|parameters.a",
      })
  void bad_parameters_are_refused_naming_the_parameter(String body, String named) {
    ProblemException.InvalidInput e =
        assertThrows(ProblemException.InvalidInput.class, () -> handler.validate(json(body)));
    assertTrue(e.getMessage().contains(named), e.getMessage());
  }
}
