package io.tasklane.events;

/**
 * One row of the event outbox: its position in the stream, the owner of the task it is about, and
 * the event as sent to users (admins also get the resource figures).
 */
public record StoredEvent(long id, String userId, String payload) {}
