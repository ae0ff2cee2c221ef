/**
 * Tasks: the persistent task entity and its state machine, {@link io.tasklane.tasks.TaskStore} (the
 * one owner of every statement on the task table), submission and validation, and the HTTP API
 * through which users submit, inspect, reprioritise and cancel their tasks.
 */
package io.tasklane.tasks;
