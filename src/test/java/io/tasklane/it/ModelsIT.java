package io.tasklane.it;

import static io.tasklane.support.Api.q;
import static io.tasklane.support.Clients.json;
import static io.tasklane.support.Clients.refusal;
import static io.tasklane.support.Clients.smallTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.client.ModelsApi;
import io.tasklane.client.TaskView;
import io.tasklane.client.TasklaneClient;
import io.tasklane.client.TasklaneProblemException;
import io.tasklane.support.Api;
import io.tasklane.support.Clients;
import io.tasklane.support.Deployments;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Train, predict and trade on the prediction, end to end through Tasklane's Java client (XGBoost
 * inside Payara); raw HTTP only to see what the wire leaves out and to send a body the client
 * cannot. Tasks ask for a tenth of a core so a busy build machine does not keep them waiting for
 * admission.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ModelsIT {
  static final Duration PATIENCE = Duration.ofMinutes(5);

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.tasklane();
  }

  @ArquillianResource URL deployed;

  Clients clients;
  TasklaneClient admin;

  @BeforeEach
  void signIn() {
    clients = new Clients(Deployments.loopback(deployed), Deployments.ADMIN_PASSWORD);
    admin = clients.admin();
  }

  @AfterEach
  void signOut() throws Exception {
    clients.close();
  }

  Api raw() {
    return Api.anonymous(Deployments.loopback(deployed)).as("admin", Deployments.ADMIN_PASSWORD);
  }

  static UUID submit(TasklaneClient who, String type, String parameters) {
    return who.tasks().submit(smallTask(type, json(parameters))).taskId();
  }

  static TaskView awaitStatus(TasklaneClient who, UUID id, String status) {
    return Clients.awaitStatus(who, id, status, PATIENCE);
  }

  JsonObject train(String name) {
    UUID id =
        submit(
            admin,
            "model_training",
            "{'symbol':'ETH_USDT','start_date':'2016-01-01','end_date':'2023-12-31','name':'"
                + name
                + "','params':{'rounds':50}}");
    return awaitStatus(admin, id, "completed").result();
  }

  @Test
  void a_trained_model_is_stored_versioned_with_its_metrics_and_predicts_a_range() {
    String name = Deployments.unique("eth-direction");
    JsonObject first = train(name);

    assertEquals(1, first.getInt("version"));
    assertEquals("xgboost-gbtree", first.getString("algorithm"));
    JsonObject test = first.getJsonObject("metrics").getJsonObject("test");
    for (String metric : new String[] {"accuracy", "auc", "log_loss"}) {
      double value = test.getJsonNumber(metric).doubleValue();
      assertTrue(value > 0 && value < 1.5, metric + " = " + value);
    }
    // Time-ordered split: training ends before testing starts, 80/20 by default.
    assertTrue(first.getString("train_end").compareTo(first.getString("test_start")) < 0);
    assertEquals(
        Math.round((first.getInt("train_rows") + first.getInt("test_rows")) * 0.2),
        first.getInt("test_rows"));
    assertEquals(12, first.getJsonArray("features").size());

    JsonObject second = train(name);
    assertEquals(2, second.getInt("version"));
    // Same data, same parameters: the same model.
    assertEquals(first.getJsonObject("metrics"), second.getJsonObject("metrics"));

    UUID modelId = UUID.fromString(first.getString("model_id"));
    ModelsApi.Model stored = admin.models().get(modelId);
    assertEquals(name, stored.name());
    Api.Reply wire = raw().get("api/models/" + modelId);
    assertEquals(200, wire.status(), wire::body);
    assertFalse(wire.body().contains("model_bytes"), "model bytes stay on the server");

    UUID predictionId =
        submit(
            admin,
            "prediction",
            "{'symbol':'ETH_USDT','start_date':'2024-01-01','end_date':'2024-03-31','model_id':'"
                + modelId
                + "'}");
    JsonObject summary = awaitStatus(admin, predictionId, "completed").result();
    assertEquals(first.getString("model_id"), summary.getString("model_id"));
    assertEquals(91, summary.getInt("predictions"), summary::toString);
    assertEquals("2024-01-01T00:00:00Z", summary.getString("first_bar"));
    assertEquals("2024-03-31T00:00:00Z", summary.getString("last_bar"));
    double mean = summary.getJsonNumber("mean_probability_up").doubleValue();
    assertTrue(mean > 0 && mean < 1, summary::toString);
    assertEquals(10, summary.getJsonArray("recent").size());
  }

  @Test
  void an_ml_predictive_backtest_trades_on_the_latest_stored_model() {
    String name = Deployments.unique("btc-direction");
    UUID trainId =
        submit(
            admin,
            "model_training",
            "{'symbol':'BTC_USDT','start_date':'2016-01-01','end_date':'2022-12-31','name':'"
                + name
                + "'}");
    String modelId = awaitStatus(admin, trainId, "completed").result().getString("model_id");

    UUID backtestId =
        submit(
            admin,
            "backtest",
            "{'strategy':'MLPredictive','symbol':'BTC_USDT','start_date':'2023-01-01','end_date':'2025-12-31','params':{'entry_threshold':0.5,'exit_threshold':0.5}}");
    JsonObject result = awaitStatus(admin, backtestId, "completed").result();

    assertEquals("ml_predictive", result.getString("strategy"));
    assertEquals(modelId, result.getString("model_id"));
    assertTrue(result.getInt("trade_count") > 0, result::toString);
    assertTrue(result.getJsonNumber("exposure").doubleValue() > 0, result::toString);
  }

  @Test
  void a_prediction_without_any_model_fails_with_a_clear_message() {
    UUID id =
        submit(
            admin,
            "prediction",
            "{'data':'synthetic','symbol':'NO_MODEL_YET','start_date':'2024-01-01','end_date':'2024-03-31'}");
    TaskView failed = awaitStatus(admin, id, "failed");
    assertTrue(failed.error().contains("No trained model for NO_MODEL_YET 1d"), failed::toString);
  }

  @Test
  void training_parameters_are_validated_at_submission() {
    TasklaneProblemException refused =
        assertThrows(
            TasklaneProblemException.class,
            () ->
                admin
                    .tasks()
                    .submit(
                        smallTask(
                            "model_training",
                            json(
                                "{'symbol':'ETH_USDT','start_date':'2024-01-01','end_date':'2024-02-01'}"))));
    assertEquals(400, refused.status(), refused::toString);
    assertTrue(refused.detail().startsWith("parameters.start_date:"), refused::detail);
  }

  static boolean lists(TasklaneClient who, UUID modelId) {
    return who.models().list().models().stream().anyMatch(m -> m.id().equals(modelId));
  }

  static String prediction(String symbol, UUID modelId) {
    return "{'data':'synthetic','symbol':'"
        + symbol
        + "','start_date':'2024-01-01','end_date':'2024-01-31'"
        + (modelId == null ? "" : ",'model_id':'" + modelId + "'")
        + "}";
  }

  @Test
  void a_model_belongs_to_its_creator_until_an_admin_shares_it() {
    String aliceName = Deployments.unique("alice");
    TasklaneClient alice = clients.newUser(aliceName);
    TasklaneClient bob = clients.newUser(Deployments.unique("bob"));
    // A symbol of its own (synthetic bars): models of earlier runs on a kept database, shared or
    // not, must not be "the latest model" here.
    String symbol = Deployments.unique("SHR").toUpperCase(Locale.ROOT).replace('-', '_');
    UUID trainId =
        submit(
            alice,
            "model_training",
            "{'data':'synthetic','symbol':'"
                + symbol
                + "','start_date':'2018-01-01','end_date':'2023-12-31','name':'"
                + Deployments.unique("spy-alice")
                + "','params':{'rounds':20}}");
    UUID modelId =
        UUID.fromString(awaitStatus(alice, trainId, "completed").result().getString("model_id"));

    // Its creator and admins see it; another user does not, not even that it exists.
    assertTrue(lists(alice, modelId));
    assertTrue(lists(admin, modelId));
    assertFalse(lists(bob, modelId));
    assertFalse(alice.models().get(modelId).shared());
    assertEquals(404, refusal(() -> bob.models().get(modelId)));

    // Nor may the other user predict or trade with it: refused at submission, nothing queued.
    assertEquals(404, refusal(() -> submit(bob, "prediction", prediction(symbol, modelId))));
    assertEquals(
        404,
        refusal(
            () ->
                submit(
                    bob,
                    "backtest",
                    "{'data':'synthetic','strategy':'ml_predictive','symbol':'"
                        + symbol
                        + "','start_date':'2024-01-01','end_date':'2024-06-30','params':{'model_id':'"
                        + modelId
                        + "'}}")));
    // "The latest model of the symbol" means the latest one the owner may use: bob has none.
    UUID latest = submit(bob, "prediction", prediction(symbol, null));
    TaskView failed = awaitStatus(bob, latest, "failed");
    assertTrue(failed.error().contains("No trained model for " + symbol + " 1d"), failed::toString);

    // Only an admin shares; an empty change, which the client cannot send, is refused.
    // PATCH goes over the JDK's HttpClient connector (README, "Gotchas").
    TasklaneClient aliceSharing = clients.overJdkHttp(aliceName, Clients.PASSWORD);
    assertEquals(
        403, refusal(() -> aliceSharing.models().share(modelId, new ModelsApi.ShareChange(true))));
    assertEquals(400, raw().patch("api/models/" + modelId, q("{}")).status());
    ModelsApi.Model shared =
        clients.adminOverJdkHttp().models().share(modelId, new ModelsApi.ShareChange(true));
    assertTrue(shared.shared());

    assertTrue(lists(bob, modelId));
    assertEquals(modelId, bob.models().get(modelId).id());
    UUID usable = submit(bob, "prediction", prediction(symbol, modelId));
    TaskView done = awaitStatus(bob, usable, "completed");
    assertEquals(modelId.toString(), done.result().getString("model_id"));
  }

  @Test
  void sharing_an_unknown_model_is_not_found() {
    assertEquals(
        404,
        refusal(
            () ->
                clients
                    .adminOverJdkHttp()
                    .models()
                    .share(
                        UUID.fromString("00000000-0000-0000-0000-000000000000"),
                        new ModelsApi.ShareChange(true))));
  }
}
