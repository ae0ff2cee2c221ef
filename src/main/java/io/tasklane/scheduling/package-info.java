/**
 * Scheduling: the worker that claims queued tasks lane by lane and runs them, the handler contract
 * each task type implements, leases that let another instance take over a crashed one's tasks,
 * timeouts, retries with backoff, and progress reporting.
 */
package io.tasklane.scheduling;
