package io.tasklane.quantconnect;

import java.time.Duration;

/**
 * A task took a node slot that one of Tasklane's own backtests freed: {@code idle} is how long the
 * node stood unused in between (the hand-off gap). Fired in the claim's transaction.
 */
public record NodeHandOff(Duration idle) {}
