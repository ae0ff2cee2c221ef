package io.tasklane.it;

import static io.tasklane.support.Api.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.support.Api;
import io.tasklane.support.Deployments;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.Locale;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Train, predict and trade on the prediction, end to end through the API (XGBoost inside Payara).
 * Tasks ask for a tenth of a core so a busy build machine does not keep them waiting for admission.
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

  Api admin;

  @BeforeEach
  void signIn() {
    admin = Api.anonymous(Deployments.loopback(deployed)).as("admin", Deployments.ADMIN_PASSWORD);
  }

  JsonObject train(String name) {
    String id =
        admin.submit(
            q(
                "{'task_type':'model_training','estimated_cpu_cores':0.1,'parameters':{'symbol':'ETH_USDT','start_date':'2016-01-01','end_date':'2023-12-31','name':'"
                    + name
                    + "','params':{'rounds':50}}}"));
    return admin.awaitStatus(id, "completed", PATIENCE).getJsonObject("result");
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

    Api.Reply stored = admin.get("api/models/" + first.getString("model_id"));
    assertEquals(200, stored.status(), stored::body);
    assertEquals(name, stored.json().getString("name"));
    assertFalse(stored.body().contains("model_bytes"), "model bytes stay on the server");

    String predictionId =
        admin.submit(
            q(
                "{'task_type':'prediction','estimated_cpu_cores':0.1,'parameters':{'symbol':'ETH_USDT','start_date':'2024-01-01','end_date':'2024-03-31','model_id':'"
                    + first.getString("model_id")
                    + "'}}"));
    JsonObject prediction = admin.awaitStatus(predictionId, "completed", PATIENCE);
    JsonObject summary = prediction.getJsonObject("result");
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
    String trainId =
        admin.submit(
            q(
                "{'task_type':'model_training','estimated_cpu_cores':0.1,'parameters':{'symbol':'BTC_USDT','start_date':'2016-01-01','end_date':'2022-12-31','name':'"
                    + name
                    + "'}}"));
    String modelId =
        admin
            .awaitStatus(trainId, "completed", PATIENCE)
            .getJsonObject("result")
            .getString("model_id");

    String backtestId =
        admin.submit(
            q(
                "{'task_type':'backtest','estimated_cpu_cores':0.1,'parameters':{'strategy':'MLPredictive','symbol':'BTC_USDT','start_date':'2023-01-01','end_date':'2025-12-31','params':{'entry_threshold':0.5,'exit_threshold':0.5}}}"));
    JsonObject result =
        admin.awaitStatus(backtestId, "completed", PATIENCE).getJsonObject("result");

    assertEquals("ml_predictive", result.getString("strategy"));
    assertEquals(modelId, result.getString("model_id"));
    assertTrue(result.getInt("trade_count") > 0, result::toString);
    assertTrue(result.getJsonNumber("exposure").doubleValue() > 0, result::toString);
  }

  @Test
  void a_prediction_without_any_model_fails_with_a_clear_message() {
    String id =
        admin.submit(
            q(
                "{'task_type':'prediction','estimated_cpu_cores':0.1,'parameters':{'data':'synthetic','symbol':'NO_MODEL_YET','start_date':'2024-01-01','end_date':'2024-03-31'}}"));
    JsonObject failed = admin.awaitStatus(id, "failed", PATIENCE);
    assertTrue(
        failed.getString("error").contains("No trained model for NO_MODEL_YET 1d"),
        failed::toString);
  }

  @Test
  void training_parameters_are_validated_at_submission() {
    Api.Reply refused =
        admin.post(
            "api/tasks",
            q(
                "{'task_type':'model_training','parameters':{'symbol':'ETH_USDT','start_date':'2024-01-01','end_date':'2024-02-01'}}"));
    assertEquals(400, refused.status(), refused::body);
    assertTrue(refused.json().getString("detail").startsWith("parameters.start_date:"));
  }

  Api newUser(String prefix) {
    return admin.newUser(Deployments.unique(prefix));
  }

  static boolean lists(Api api, String modelId) {
    Api.Reply listed = api.get("api/models");
    assertEquals(200, listed.status(), listed::body);
    return listed.json().getJsonArray("models").stream()
        .anyMatch(m -> m.asJsonObject().getString("id").equals(modelId));
  }

  static String prediction(String symbol, String modelId) {
    return q(
        "{'task_type':'prediction','estimated_cpu_cores':0.1,'parameters':{'data':'synthetic','symbol':'"
            + symbol
            + "','start_date':'2024-01-01','end_date':'2024-01-31'"
            + (modelId == null ? "" : ",'model_id':'" + modelId + "'")
            + "}}");
  }

  @Test
  void a_model_belongs_to_its_creator_until_an_admin_shares_it() {
    Api alice = newUser("alice");
    Api bob = newUser("bob");
    // A symbol of its own (synthetic bars): models of earlier runs on a kept database, shared or
    // not, must not be "the latest model" here.
    String symbol = Deployments.unique("SHR").toUpperCase(Locale.ROOT).replace('-', '_');
    String trainId =
        alice.submit(
            q(
                "{'task_type':'model_training','estimated_cpu_cores':0.1,'parameters':{'data':'synthetic','symbol':'"
                    + symbol
                    + "','start_date':'2018-01-01','end_date':'2023-12-31','name':'"
                    + Deployments.unique("spy-alice")
                    + "','params':{'rounds':20}}}"));
    String modelId =
        alice
            .awaitStatus(trainId, "completed", PATIENCE)
            .getJsonObject("result")
            .getString("model_id");

    // Its creator and admins see it; another user does not, not even that it exists.
    assertTrue(lists(alice, modelId));
    assertTrue(lists(admin, modelId));
    assertFalse(lists(bob, modelId));
    assertEquals(200, alice.get("api/models/" + modelId).status());
    assertFalse(alice.get("api/models/" + modelId).json().getBoolean("shared"));
    assertEquals(404, bob.get("api/models/" + modelId).status());

    // Nor may the other user predict or trade with it: refused at submission, nothing queued.
    Api.Reply predict = bob.post("api/tasks", prediction(symbol, modelId));
    assertEquals(404, predict.status(), predict::body);
    Api.Reply backtest =
        bob.post(
            "api/tasks",
            q(
                "{'task_type':'backtest','estimated_cpu_cores':0.1,'parameters':{'data':'synthetic','strategy':'ml_predictive','symbol':'"
                    + symbol
                    + "','start_date':'2024-01-01','end_date':'2024-06-30','params':{'model_id':'"
                    + modelId
                    + "'}}}"));
    assertEquals(404, backtest.status(), backtest::body);
    // "The latest model of the symbol" means the latest one the owner may use: bob has none.
    String latest = bob.submit(prediction(symbol, null));
    JsonObject failed = bob.awaitStatus(latest, "failed", PATIENCE);
    assertTrue(
        failed.getString("error").contains("No trained model for " + symbol + " 1d"),
        failed::toString);

    // Only an admin shares.
    assertEquals(403, alice.patch("api/models/" + modelId, q("{'shared':true}")).status());
    assertEquals(400, admin.patch("api/models/" + modelId, q("{}")).status());
    Api.Reply shared = admin.patch("api/models/" + modelId, q("{'shared':true}"));
    assertEquals(200, shared.status(), shared::body);
    assertTrue(shared.json().getBoolean("shared"));

    assertTrue(lists(bob, modelId));
    assertEquals(200, bob.get("api/models/" + modelId).status());
    String usable = bob.submit(prediction(symbol, modelId));
    JsonObject done = bob.awaitStatus(usable, "completed", PATIENCE);
    assertEquals(modelId, done.getJsonObject("result").getString("model_id"));
  }

  @Test
  void sharing_an_unknown_model_is_not_found() {
    Api.Reply missing =
        admin.patch("api/models/00000000-0000-0000-0000-000000000000", q("{'shared':true}"));
    assertEquals(404, missing.status(), missing::body);
  }
}
