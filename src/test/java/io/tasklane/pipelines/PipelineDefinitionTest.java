package io.tasklane.pipelines;

import static io.tasklane.support.Api.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.system.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PipelineDefinitionTest {
  static final Set<String> TYPES =
      Set.of("backtest", "model_training", "prediction", "qc_backtest");

  static JsonObject body(String text) {
    return Json.createReader(new StringReader(q(text))).readObject();
  }

  static String refusal(String text) {
    ProblemException e =
        assertThrows(ProblemException.class, () -> PipelineDefinition.parse(body(text), TYPES));
    assertEquals(400, e.status());
    return e.getMessage();
  }

  @Test
  void steps_come_out_after_those_they_depend_on_and_a_gate_waits_for_its_step() {
    PipelineDefinition d =
        PipelineDefinition.parse(
            body(
                "{'name':'p','steps':["
                    + "{'id':'predict','task_type':'prediction','parameters':{'model_id':'${train.model_id}'},'depends_on':['gate','train']},"
                    + "{'id':'gate','gate':{'step':'train','metric':'metrics.test.accuracy','op':'>=','value':'majority_baseline + 0.01'}},"
                    + "{'id':'train','task_type':'model_training','parameters':{}}]}"),
            TYPES);
    assertEquals(
        java.util.List.of("train", "gate", "predict"),
        d.steps().stream().map(PipelineDefinition.Step::id).toList());
    assertEquals(java.util.List.of("train"), d.steps().get(1).dependsOn());
  }

  @Test
  void a_cycle_is_refused_naming_its_steps() {
    String detail =
        refusal(
            "{'name':'p','steps':[{'id':'a','task_type':'backtest','depends_on':['b']},"
                + "{'id':'b','task_type':'backtest','depends_on':['a']}]}");
    assertTrue(detail.contains("a cycle: a -> b -> a"), detail);
  }

  @Test
  void an_unknown_step_reference_is_refused_naming_the_step() {
    assertEquals(
        "steps[b].depends_on: unknown step 'trian'.",
        refusal(
            "{'name':'p','steps':[{'id':'train','task_type':'backtest'},"
                + "{'id':'b','task_type':'backtest','depends_on':['trian']}]}"));
    assertTrue(
        refusal(
                "{'name':'p','steps':[{'id':'train','task_type':'backtest'},"
                    + "{'id':'b','task_type':'backtest','parameters':{'x':'${train.model_id}'}}]}")
            .startsWith(
                "steps[b].parameters: refers to step 'train', which it does not depend on"));
    assertTrue(
        refusal(
                "{'name':'p','steps':[{'id':'g','gate':{'step':'nope','metric':'x','op':'>','value':1}}]}")
            .startsWith("steps[g].gate.step: unknown step 'nope'"));
  }

  @Test
  void an_unknown_metric_of_a_training_is_refused_naming_the_gate() {
    String detail =
        refusal(
            "{'name':'p','steps':[{'id':'train','task_type':'model_training'},"
                + "{'id':'gate','gate':{'step':'train','metric':'metrics.test.acuracy','op':'>=','value':0.5}}]}");
    assertTrue(
        detail.startsWith("steps[gate].gate: unknown metric 'metrics.test.acuracy'"), detail);
    String inValue =
        refusal(
            "{'name':'p','steps':[{'id':'train','task_type':'model_training'},"
                + "{'id':'gate','gate':{'step':'train','metric':'metrics.test.accuracy','op':'>=','value':'baseline + 0.01'}}]}");
    assertTrue(inValue.startsWith("steps[gate].gate: unknown metric 'baseline'"), inValue);
  }

  @Test
  void unknown_task_types_operators_and_expressions_are_refused_naming_the_step() {
    assertTrue(
        refusal("{'name':'p','steps':[{'id':'x','task_type':'nope'}]}")
            .startsWith("steps[x].task_type: unknown task type 'nope'"));
    assertTrue(
        refusal(
                "{'name':'p','steps':[{'id':'t','task_type':'backtest'},"
                    + "{'id':'g','gate':{'step':'t','metric':'total_return','op':'=>','value':1}}]}")
            .startsWith("steps[g].gate."));
    assertTrue(
        refusal(
                "{'name':'p','steps':[{'id':'t','task_type':'backtest'},"
                    + "{'id':'g','gate':{'step':'t','metric':'total_return','op':'>','value':'1 +'}}]}")
            .startsWith("steps[g].gate.value: '1 +'"));
    assertTrue(
        refusal(
                "{'name':'p','steps':[{'id':'t','task_type':'backtest'},{'id':'t','task_type':'backtest'}]}")
            .startsWith("steps[t].id: two steps"));
    assertTrue(refusal("{'name':'p','steps':[]}").startsWith("steps: must hold 1 to"));
  }

  @Test
  void the_template_expands_to_train_gate_predict_backtest_and_optionally_quantconnect() {
    JsonObject expanded =
        PipelineTemplates.expand(
            body(
                "{'template':'train_gate_predict_backtest','symbol':'ETH_USDT','train_start_date':'2016-01-01',"
                    + "'train_end_date':'2023-12-31','start_date':'2024-01-01','end_date':'2024-12-31','qc_project_id':42}"));
    PipelineDefinition d = PipelineDefinition.parse(expanded, TYPES);
    assertEquals(
        java.util.List.of("train", "gate", "predict", "backtest", "qc_backtest"),
        d.steps().stream().map(PipelineDefinition.Step::id).toList());
    assertEquals("majority_baseline + 0.01", d.steps().get(1).gate().value());
    assertEquals(
        "${train.model_id}",
        d.steps().get(3).parameters().getJsonObject("params").getString("model_id"));
    assertEquals("ml_predictive", d.steps().get(3).parameters().getString("strategy"));
  }
}
