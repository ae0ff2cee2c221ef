package io.tasklane.security;

import java.time.Instant;

/** A bearer token that passed verification: who it speaks for, and until when. */
public record VerifiedToken(Caller caller, Instant expiresAt) {}
