/**
 * The QuantConnect lane: cloud backtests through QuantConnect's API v2, at most as many in flight
 * as the account has backtest nodes, counted in the database so every instance shares the limit. It
 * plugs into scheduling as a {@link io.tasklane.scheduling.LaneAdmission} with its own {@link
 * io.tasklane.scheduling.Housekeeping} jobs. {@code tasklane.quantconnect.mode=sandbox} puts the
 * built-in sandbox ({@code sandbox} package) in QuantConnect's place.
 */
package io.tasklane.quantconnect;
