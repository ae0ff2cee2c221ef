/**
 * Cross-cutting plumbing of the application: the JAX-RS application and its JSON settings, the
 * datasource and its Flyway migrations, the owner-only data directory, readiness health, the
 * injected clock, the strict reading of request bodies and query parameters, the browser security
 * headers on every answer, and the single mapping of every error to an RFC 9457 {@code
 * application/problem+json} document.
 */
package io.tasklane.system;
