package io.tasklane.security;

import java.time.Instant;

/**
 * A bearer token that passed verification: who it speaks for, until when, and the token generation
 * it carries (null for an external issuer's token, which has none).
 */
public record VerifiedToken(Caller caller, Instant expiresAt, Long tokenGeneration) {}
