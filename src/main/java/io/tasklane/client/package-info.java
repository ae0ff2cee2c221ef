/**
 * A typed Java client of Tasklane's HTTP API, shipped as {@code tasklane-client.jar}: MicroProfile
 * Rest Client interfaces for every endpoint (usable as they are with {@code RestClientBuilder}),
 * the {@link io.tasklane.client.TasklaneClient} facade over any standard JAX-RS client for plain
 * Java SE, problem answers as {@link io.tasklane.client.TasklaneProblemException}, a renewing
 * {@link io.tasklane.client.TokenProvider} and a resuming {@link
 * io.tasklane.client.TaskEventListener} on the live event stream. It depends on no other Tasklane
 * package: the server's classes stay free to change, and {@code TaskApiIT} checks these interfaces
 * against the server's {@code /openapi}.
 */
package io.tasklane.client;
