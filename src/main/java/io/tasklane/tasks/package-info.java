/**
 * Tasks: the persistent task entity and its state machine, submission and validation, and the HTTP
 * API through which users submit, inspect, reprioritise and cancel their tasks.
 */
package io.tasklane.tasks;
