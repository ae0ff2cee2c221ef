/**
 * The one vocabulary of task life-cycle events ({@code task_queued}, {@code task_running}, {@code
 * task_description_update}, {@code task_completed}), fired as CDI events at each state change and
 * consumed by the scheduler's wake-ups, the live SSE stream, logs and tests alike; and the live
 * stream itself: the outbox table written in each change's transaction, the relay that reads it in
 * order on every instance, and the hub that delivers to each client what it may see.
 */
package io.tasklane.events;
