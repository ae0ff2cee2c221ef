package io.tasklane.quantconnect;

/** QuantConnect answers again after an outage, or accepts the credentials again. */
public record QuantConnectRecovered(LaneWait over) {}
