/**
 * A stand-in for QuantConnect, so the product runs and is tested with no account: it keeps the real
 * API's wire format, node limit, status strings and quirks (the "no spare nodes" answer, late
 * statistics), and can be told to misbehave (nodes busy elsewhere, 5xx faults, build and runtime
 * errors).
 */
package io.tasklane.quantconnect.sandbox;
