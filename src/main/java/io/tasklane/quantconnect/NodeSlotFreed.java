package io.tasklane.quantconnect;

import java.util.UUID;

/** A node slot was given back: the scheduler admits the next QuantConnect task at once. */
public record NodeSlotFreed(UUID taskId) {}
