/**
 * HTTP views of what finished tasks produced that their stored result does not hold: a backtest's
 * full series (equity, benchmark, drawdown, trades) replayed by the engines, as JSON or CSV. It
 * sits above both {@code tasks} and {@code engines}, so the engines stay free of HTTP.
 */
package io.tasklane.results;
