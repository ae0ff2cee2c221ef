/**
 * Cross-cutting plumbing of the application: the JAX-RS application and its JSON settings, the
 * datasource and its Flyway migrations, readiness health, the injected clock, the strict reading of
 * request bodies and query parameters, and the single mapping of every error to an RFC 9457 {@code
 * application/problem+json} document.
 */
package io.tasklane.system;
