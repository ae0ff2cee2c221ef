package io.tasklane.engines;

/**
 * A closed round trip of a long position.
 *
 * @param entryPrice fill price of the buy, slippage included
 * @param exitPrice fill price of the sell, slippage included
 * @param profit cash after the sell minus cash before the buy, so net of commission and slippage
 */
public record Trade(
    long entryEpochSecond,
    double entryPrice,
    long exitEpochSecond,
    double exitPrice,
    double units,
    double profit) {}
