package io.tasklane.marketdata;

import jakarta.enterprise.context.Dependent;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code tasklane.market-data.*}: start-up seeding and the bounds of CSV imports. */
@Dependent
@ConfigProperties(prefix = "tasklane.market-data")
public class MarketDataConfig {
  /** Synthetic daily series stored at start-up if absent; {@code none} for none. */
  @ConfigProperty(name = "seed-symbols", defaultValue = "BTC_USDT,ETH_USDT,SPY")
  public List<String> seedSymbols;

  /**
   * Bar times from this date (UTC) up to max-days-ahead after now are accepted; anything else is a
   * 400 naming the line (a typo or milliseconds for seconds).
   */
  @ConfigProperty(name = "earliest", defaultValue = "1900-01-01")
  public LocalDate earliest;

  @ConfigProperty(name = "max-days-ahead", defaultValue = "7")
  public long maxDaysAhead;
}
