/**
 * Security: the built-in identity store (users with PBKDF2-hashed passwords, hashed on a small
 * bounded pool), the token issuer and its signing keys, the revocation of tokens (token
 * generations, checked on every request), the throttling of sign-ins, the bootstrap admin, the
 * tokens Payara's own endpoints (metrics, OpenAPI) and OPTIONS need, and the caller of the current
 * request as the rest of the application sees it.
 */
package io.tasklane.security;
