package io.tasklane.marketdata;

/**
 * What an import did: bars received, newly stored, already stored with identical values (skipped,
 * so importing a file twice changes nothing), and overwritten (only with {@code replace=true}).
 */
public record ImportSummary(
    String symbol,
    String timeframe,
    int received,
    int inserted,
    int unchanged,
    int replaced,
    StoredSeries series) {}
