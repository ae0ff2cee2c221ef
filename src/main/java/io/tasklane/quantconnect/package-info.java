/**
 * The QuantConnect lane: cloud backtests through QuantConnect's API v2, at most as many in flight
 * as the account has backtest nodes, counted in the database so every instance shares the limit.
 * Without credentials the built-in sandbox ({@code sandbox} package) stands in for QuantConnect.
 */
package io.tasklane.quantconnect;
