/**
 * Security: the built-in identity store (users with PBKDF2-hashed passwords), the token issuer and
 * its signing keys, the bootstrap admin, and the caller of the current request as the rest of the
 * application sees it.
 */
package io.tasklane.security;
