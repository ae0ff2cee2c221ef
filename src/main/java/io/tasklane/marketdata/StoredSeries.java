package io.tasklane.marketdata;

import java.time.Instant;

/** A stored series as the API shows it: what is there and from where. */
public record StoredSeries(
    String symbol,
    String timeframe,
    Instant firstBar,
    Instant lastBar,
    long barCount,
    String source,
    Instant updatedAt) {}
