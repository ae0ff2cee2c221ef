/**
 * Tasklane's own figures for Prometheus, served by Payara's MicroProfile Metrics at {@code
 * /metrics} (admin token, see {@code security.OperationsEndpoints}): queue depth per lane,
 * admission waits, task durations per type, failures by kind, QuantConnect node use and hand-off
 * gap, open event streams and outbox lag. The top of the house: it reads every feature, nothing
 * reads it.
 */
package io.tasklane.metrics;
