package io.tasklane.quantconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class QuantConnectClientTest {
  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
  }

  @Test
  void no_spare_nodes_is_recognised_whatever_its_case() {
    assertInstanceOf(
        QuantConnectFailure.NoSpareNodes.class,
        QuantConnectClient.classify(
            "backtests/create",
            "There are No Spare Nodes available in your cluster. To launch a new backtest..."));
  }

  @Test
  void hash_mismatch_and_invalid_user_are_credential_failures() {
    assertInstanceOf(
        QuantConnectFailure.BadCredentials.class,
        QuantConnectClient.classify("authenticate", "Hash doesn't match."));
    assertInstanceOf(
        QuantConnectFailure.BadCredentials.class,
        QuantConnectClient.classify("authenticate", "UserID not valid"));
  }

  @Test
  void any_other_error_is_a_refusal_naming_the_endpoint() {
    QuantConnectFailure failure =
        QuantConnectClient.classify("compile/create", "Project not found");
    assertInstanceOf(QuantConnectFailure.Refused.class, failure);
    assertEquals("compile/create: Project not found", failure.getMessage());
  }

  @Test
  void error_text_falls_back_from_errors_to_messages_to_message() {
    assertEquals(
        "a; b", QuantConnectClient.errorText(json("{'success':false,'errors':['a','b']}")));
    assertEquals("m", QuantConnectClient.errorText(json("{'success':false,'messages':['m']}")));
    assertEquals("M", QuantConnectClient.errorText(json("{'success':false,'Message':'M'}")));
    assertEquals(
        "request failed without a reason", QuantConnectClient.errorText(json("{'success':false}")));
  }
}
