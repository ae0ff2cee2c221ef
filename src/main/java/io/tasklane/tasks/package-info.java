/**
 * Tasks: the persistent task entity and its state machine, {@link io.tasklane.tasks.TaskStore} (the
 * one owner of every statement on the task table), the typed events announcing its changes (with
 * the facts they carry, such as a queued task's place), submission and validation, and the HTTP API
 * through which users submit, inspect, reprioritise and cancel their tasks.
 */
package io.tasklane.tasks;
