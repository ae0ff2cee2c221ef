/**
 * Research workflows: task dependencies (a dependent is cancelled when what it waits for fails),
 * and pipelines of task steps and gates that advance when a step's task ends, with their state in
 * the database so that every instance, and a restarted one, carries them on from their finished
 * steps.
 */
package io.tasklane.pipelines;
