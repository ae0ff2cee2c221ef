/**
 * Tasks: the persistent task entity and its state machine, the typed events announcing its changes
 * (with the facts they carry, such as a queued task's place), submission and validation, and the
 * HTTP API through which users submit, inspect, reprioritise and cancel their tasks.
 */
package io.tasklane.tasks;
