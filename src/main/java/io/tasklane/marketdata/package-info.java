/**
 * Market data: OHLCV bars per symbol and timeframe in the database. CSV import over the API
 * (validated whole before anything is stored), the list of stored series, the synthetic symbols
 * seeded at startup so the product demos with no download, and the {@link
 * io.tasklane.engines.BarSource} the engines read bars from.
 */
package io.tasklane.marketdata;
