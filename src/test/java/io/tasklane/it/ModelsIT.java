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
                "{'task_type':'prediction','estimated_cpu_cores':0.1,'parameters':{'symbol':'NO_MODEL_YET','start_date':'2024-01-01','end_date':'2024-03-31'}}"));
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
}
