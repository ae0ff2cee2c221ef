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
  private final QuantConnectBacktestHandler handler = handler(settings("sandbox", null, null));

  static QuantConnectSettings settings(String mode, String userId, String token) {
    QuantConnectSettings settings = new QuantConnectSettings();
    settings.mode = mode;
    settings.apiUrl = "https://www.quantconnect.com/api/v2/";
    settings.userId = java.util.Optional.ofNullable(userId);
    settings.apiToken = java.util.Optional.ofNullable(token);
    return settings;
  }

  static QuantConnectBacktestHandler handler(QuantConnectSettings settings) {
    QuantConnectBacktestHandler handler = new QuantConnectBacktestHandler();
    handler.settings = settings;
    return handler;
  }

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

  @Test
  void without_credentials_and_without_the_sandbox_mode_a_backtest_is_refused_as_not_configured() {
    QuantConnectBacktestHandler unconfigured =
        handler(settings("quantconnect", null, "token-without-user"));
    ProblemException.Conflict e =
        assertThrows(
            ProblemException.Conflict.class, () -> unconfigured.validate(json("{'project_id':7}")));
    assertTrue(e.getMessage().contains("not configured"), e.getMessage());
    assertTrue(e.getMessage().contains("tasklane.quantconnect.mode=sandbox"), e.getMessage());
  }

  @Test
  void with_both_credentials_the_quantconnect_mode_accepts_backtests() {
    QuantConnectBacktestHandler configured = handler(settings("QuantConnect", "1234", "secret"));
    assertEquals(7, configured.validate(json("{'project_id':7}")).getInt("project_id"));
  }

  @Test
  void an_unknown_mode_is_a_configuration_error_naming_the_choices() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> settings("simulated", null, null).configured());
    assertTrue(e.getMessage().contains("sandbox or quantconnect"), e.getMessage());
  }

  @Test
  void an_unconfigured_endpoint_refuses_every_call_as_rejected_credentials() {
    QuantConnectApi api = QuantConnectEndpoints.notConfigured("QuantConnect is not configured");
    assertThrows(
        QuantConnectFailure.BadCredentials.class, () -> api.readNodes(json("{'projectId':1}")));
    assertThrows(
        QuantConnectFailure.BadCredentials.class,
        () -> api.createBacktest(json("{'projectId':1}")));
  }
}
