package io.tasklane.quantconnect.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.engines.PerformanceMetrics;
import org.junit.jupiter.api.Test;

class SimulatedStatisticsTest {

  @Test
  void net_profit_cagr_and_sharpe_always_share_a_sign() {
    int losers = 0;
    for (long seed = 0; seed < 2_000; seed++) {
      SimulatedStatistics s = SimulatedStatistics.of(seed * 7_919);
      assertEquals(Math.signum(s.netProfit()), Math.signum(s.sharpeRatio()), "seed " + seed);
      assertEquals(
          Math.signum(s.netProfit()), Math.signum(s.compoundingAnnualReturn()), "seed " + seed);
      if (s.netProfit() < 0) {
        losers++;
      }
    }
    assertTrue(losers > 200 && losers < 1_800, "both winners and losers: " + losers);
  }

  @Test
  void the_figures_are_those_of_the_path() {
    for (long seed = 1; seed < 200; seed++) {
      SimulatedStatistics s = SimulatedStatistics.of(seed);
      double[] equity = s.equity();
      double growth = equity[equity.length - 1] / equity[0];
      assertEquals(100 * (growth - 1), s.netProfit(), 1e-9);
      assertEquals(100 * (Math.sqrt(growth) - 1), s.compoundingAnnualReturn(), 1e-9);
      assertEquals(100 * PerformanceMetrics.maxDrawdown(equity), s.drawdown(), 1e-9);
      // A loss of x % means a drawdown of at least x %.
      assertTrue(s.drawdown() >= -s.netProfit() - 1e-9, "seed " + seed);
      assertTrue(s.drawdown() > 0 && s.drawdown() < 100);
    }
  }

  @Test
  void the_same_seed_gives_the_same_figures() {
    SimulatedStatistics first = SimulatedStatistics.of(42);
    SimulatedStatistics second = SimulatedStatistics.of(42);
    assertEquals(first.netProfit(), second.netProfit());
    assertEquals(first.sharpeRatio(), second.sharpeRatio());
    assertEquals(first.orders(), second.orders());
  }
}
