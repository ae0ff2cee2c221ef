package io.tasklane.quantconnect;

import java.util.Locale;

/**
 * Who answers the lane's calls ({@code tasklane.quantconnect.mode}). Chosen explicitly: missing
 * credentials once meant simulated results that looked real.
 */
public enum QuantConnectMode {
  /** The built-in simulator: backtests with invented statistics, marked {@code sandbox: true}. */
  SANDBOX,
  /**
   * The QuantConnect API at {@code tasklane.quantconnect.api-url}, with the account's credentials.
   */
  QUANTCONNECT;

  static QuantConnectMode parse(String value) {
    String name = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
    for (QuantConnectMode mode : values()) {
      if (mode.name().equals(name)) {
        return mode;
      }
    }
    throw new IllegalStateException(
        "tasklane.quantconnect.mode must be sandbox or quantconnect, not '" + value + "'");
  }

  /** As configuration and the API spell it. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
