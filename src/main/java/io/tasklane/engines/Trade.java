package io.tasklane.engines;

/**
 * A closed round trip of a long position.
 *
 * @param entryPrice fill price of the buy, slippage included
 * @param exitPrice fill price of the sell, slippage included
 * @param units quantity bought and sold
 * @param profit cash after the sell minus cash before the buy, so net of commission and slippage:
 *     {@code units * (exit open - entry open) - costs}
 * @param returnOnCash {@code profit} over the cash the buy spent, commission included
 * @param barsHeld bars from the entry bar to the exit bar; both fills are at a bar's open
 * @param costs commission and slippage of both fills, slippage measured against the bar's open
 */
public record Trade(
    long entryEpochSecond,
    double entryPrice,
    long exitEpochSecond,
    double exitPrice,
    double units,
    double profit,
    double returnOnCash,
    int barsHeld,
    double costs) {}
