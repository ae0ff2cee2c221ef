/**
 * The live stream of task events. It consumes the typed {@link io.tasklane.tasks.TaskEvent}s fired
 * at each state change and never computes domain facts itself: {@link WireEvents} turns each into
 * its SSE payload ({@code task_queued}, {@code task_running}, {@code task_description_update},
 * {@code task_completed}); the outbox table is written in each change's transaction, the relay
 * reads it in order on every instance, and the hub delivers to each client what it may see.
 */
package io.tasklane.events;
