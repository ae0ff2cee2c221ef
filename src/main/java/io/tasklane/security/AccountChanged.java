package io.tasklane.security;

/**
 * Fired (a CDI event, observed after the commit) when an account's tokens may have stopped
 * counting: disabled, new password, signed out everywhere. Observers on this instance act at once;
 * other instances see the change through {@link TokenRevocation}'s short cache.
 */
public record AccountChanged(String username, AccountState state) {}
