package io.tasklane.scheduling;

import io.tasklane.tasks.Lane;

/**
 * Fired by a lane when something it waited for changed (a QuantConnect node came free, a wait
 * ended): the admission loop runs a pass at once instead of at the next sweep.
 */
public record LaneReady(Lane lane) {}
