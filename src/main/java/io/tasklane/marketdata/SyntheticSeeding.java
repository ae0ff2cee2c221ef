package io.tasklane.marketdata;

import io.tasklane.engines.SyntheticMarket;
import io.tasklane.engines.Timeframe;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Stores a few synthetic daily series at startup ({@code tasklane.market-data.seed-symbols},
 * default BTC_USDT, ETH_USDT, SPY; 2015–2025) unless already there, so a fresh server demos
 * backtests, training and predictions with no download. Each symbol is its own transaction, and a
 * second instance starting at the same moment loses the race on the series' primary key and skips
 * it, so two instances on one database never store a symbol twice.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigration")
@TransactionManagement(TransactionManagementType.BEAN)
public class SyntheticSeeding {
  static final LocalDate FIRST_DAY = LocalDate.of(2015, 1, 1);
  static final LocalDate LAST_DAY = LocalDate.of(2025, 12, 31);
  private static final Logger LOG = Logger.getLogger(SyntheticSeeding.class.getName());

  @Inject MarketData marketData;

  @Inject @ConfigProperties MarketDataConfig config;

  @PostConstruct
  void seed() {
    for (String raw : config.seedSymbols) {
      String symbol = raw.trim();
      if (symbol.isEmpty() || symbol.equals("none")) {
        continue;
      }
      try {
        if (marketData.find(symbol, Timeframe.D1).isPresent()) {
          continue;
        }
        ImportSummary summary =
            marketData.importBars(
                SyntheticMarket.generate(symbol, FIRST_DAY, LAST_DAY, Timeframe.D1),
                "synthetic",
                false);
        LOG.info(() -> "Stored " + summary.inserted() + " synthetic daily bars of " + symbol + ".");
      } catch (RuntimeException e) {
        // Most likely another instance seeded it at the same moment; either way the server runs.
        LOG.log(
            Level.INFO,
            "Synthetic " + symbol + " not seeded here (another instance may have): " + e,
            e);
      }
    }
  }
}
