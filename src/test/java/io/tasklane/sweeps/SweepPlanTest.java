package io.tasklane.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.system.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SweepPlanTest {
  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
  }

  static JsonObject sweep(String extra) {
    return json(
        "{'strategy':'sma_crossover','symbols':['BTC_USDT'],'start_date':'2015-01-01',"
            + "'end_date':'2024-12-31','data':'synthetic'"
            + (extra.isEmpty() ? "" : "," + extra)
            + "}");
  }

  private static String message(Runnable action) {
    return assertThrows(ProblemException.class, action::run).getMessage();
  }

  @Test
  void lists_and_ranges_expand_to_every_combination_in_grid_order() {
    SweepPlan plan =
        SweepPlan.read(
            sweep("'grid':{'fast_period':[5,10],'slow_period':{'from':20,'to':40,'step':10}}"),
            1000);
    assertEquals(6, plan.combinations());
    assertEquals(
        List.of("5/20", "5/30", "5/40", "10/20", "10/30", "10/40"),
        plan.parameterSets().stream()
            .map(s -> s.get("fast_period") + "/" + s.get("slow_period"))
            .toList());
    assertEquals(
        json("{'fast_period':10,'slow_period':20}"),
        plan.backtestParameters(3).getJsonObject("params"));
  }

  @Test
  void constraints_drop_the_combinations_they_refuse() {
    SweepPlan plan =
        SweepPlan.read(
            sweep(
                "'grid':{'fast_period':{'from':5,'to':50,'step':5},'slow_period':{'from':10,'to':50,'step':10}},"
                    + "'constraints':['fast_period < slow_period']"),
            1000);
    for (Map<String, BigDecimal> set : plan.parameterSets()) {
      assertTrue(set.get("fast_period").compareTo(set.get("slow_period")) < 0, set::toString);
    }
    // 10 fast × 5 slow, of which fast < slow: 1 + 3 + 5 + 7 + 9
    assertEquals(25, plan.combinations());
  }

  @Test
  void a_combination_the_strategy_refuses_is_a_400_that_suggests_a_constraint() {
    String detail =
        message(
            () ->
                SweepPlan.read(
                    sweep("'grid':{'fast_period':[10,50],'slow_period':[20,30]}"), 1000));
    assertTrue(detail.contains("add a constraint"), detail);
  }

  @Test
  void random_search_draws_the_same_distinct_combinations_for_the_same_seed() {
    String grid =
        "'grid':{'fast_period':{'from':1,'to':50,'step':1},'slow_period':{'from':60,'to':200,'step':1}},";
    SweepPlan first = SweepPlan.read(sweep(grid + "'search':{'random':100,'seed':7}"), 1000);
    SweepPlan again = SweepPlan.read(sweep(grid + "'search':{'random':100,'seed':7}"), 1000);
    SweepPlan other = SweepPlan.read(sweep(grid + "'search':{'random':100,'seed':8}"), 1000);
    assertEquals(100, first.combinations());
    assertEquals(first.parameterSets(), again.parameterSets());
    assertFalse(first.parameterSets().equals(other.parameterSets()));
    assertEquals(100, Set.copyOf(first.parameterSets()).size());
    // The stored definition reads back to the same combinations, which chunks find by index.
    assertEquals(first.parameterSets(), SweepPlan.stored(first.toJson()).parameterSets());
  }

  @Test
  void combinations_count_over_every_symbol_and_timeframe() {
    SweepPlan plan =
        SweepPlan.read(
            json(
                "{'symbols':['BTC_USDT','eth_usdt'],'timeframes':['1d','1h'],'start_date':'2023-01-01',"
                    + "'end_date':'2023-06-30','grid':{'fast_period':[5,10]},'data':'synthetic'}"),
            1000);
    assertEquals(8, plan.combinations());
    assertEquals("ETH_USDT", plan.symbol(3));
    assertEquals("1h", plan.timeframe(3));
    assertEquals("ETH_USDT", plan.backtestParameters(7).getString("symbol"));
    assertEquals("1h", plan.backtestParameters(7).getString("timeframe"));
  }

  @Test
  void bad_sweeps_are_refused_naming_what_is_wrong() {
    assertTrue(
        message(() -> SweepPlan.read(sweep("'grid':{'fast':[1]}"), 1000))
            .contains("sweep.grid.fast: unknown parameter of sma_crossover"));
    assertTrue(
        message(() -> SweepPlan.read(sweep("'grid':{'fast_period':[]}"), 1000))
            .contains("holds no value"));
    assertTrue(message(() -> SweepPlan.read(sweep("'grid':{}"), 1000)).contains("sweep.grid"));
    assertTrue(
        message(
                () ->
                    SweepPlan.read(
                        sweep(
                            "'grid':{'fast_period':{'from':1,'to':20,'step':1},'slow_period':{'from':21,'to':100,'step':1}}"),
                        1000))
            .contains("exceed the limit of 1000"));
    assertTrue(
        message(
                () ->
                    SweepPlan.read(
                        sweep("'grid':{'fast_period':[5]},'constraints':['fast_period < nope']"),
                        1000))
            .contains("unknown parameter 'nope'"));
    assertTrue(
        message(
                () ->
                    SweepPlan.read(
                        sweep("'grid':{'fast_period':[5]},'constraints':['System.exit(0)']"), 1000))
            .contains("must compare"));
    assertTrue(
        message(() -> SweepPlan.read(sweep("'grid':{'fast_period':[5]},'rank_by':'luck'"), 1000))
            .contains("unknown metric"));
    assertTrue(
        message(
                () ->
                    SweepPlan.read(
                        json(
                            "{'strategy':'ml_predictive','symbols':['BTC_USDT'],'start_date':'2015-01-01',"
                                + "'end_date':'2024-12-31','grid':{'entry_threshold':[0.6]}}"),
                        1000))
            .contains("cannot be swept"));
  }

  @Test
  void constraints_compare_parameters_and_numbers() {
    Set<String> names = Set.of("a", "b");
    Map<String, BigDecimal> values = Map.of("a", BigDecimal.valueOf(3), "b", BigDecimal.TEN);
    assertTrue(Constraint.parse("a < b", names, "c").holds(values));
    assertTrue(Constraint.parse("a<=3", names, "c").holds(values));
    assertFalse(Constraint.parse("a > 3", names, "c").holds(values));
    assertTrue(Constraint.parse("b >= 10.0", names, "c").holds(values));
    assertTrue(Constraint.parse("b == 10", names, "c").holds(values));
    assertTrue(Constraint.parse("a != b", names, "c").holds(values));
    assertTrue(Constraint.parse("-1 < a", names, "c").holds(values));
  }
}
