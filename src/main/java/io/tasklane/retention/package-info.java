/**
 * What the database keeps and for how long: finished tasks, their outbox events and stored
 * predictions go once they are older than {@code tasklane.retention.finished-days}, in small
 * batches on a housekeeping schedule of their own, and the resource profiles are trimmed to the
 * count they keep. Above every store it deletes from; nothing depends on it.
 */
package io.tasklane.retention;
