package io.tasklane.quantconnect;

/**
 * Tasks of the QuantConnect lane that waited for something now over (a node freed, QuantConnect
 * answers again) have had their wait ended: the scheduler should look at the lane now.
 */
public record QuantConnectLaneReady() {}
