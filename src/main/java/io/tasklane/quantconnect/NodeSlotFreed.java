package io.tasklane.quantconnect;

import java.util.UUID;

/**
 * A node slot was given back: the scheduler admits the next QuantConnect task at once.
 *
 * @param nodeFreed a backtest of ours on it ended or was deleted, so its node is idle now (a slot
 *     given back unused says nothing about the nodes)
 */
public record NodeSlotFreed(UUID taskId, boolean nodeFreed) {}
