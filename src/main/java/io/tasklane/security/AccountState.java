package io.tasklane.security;

/**
 * What decides whether an account's tokens still count: enabled, and the generation its tokens must
 * carry.
 */
public record AccountState(boolean enabled, long tokenGeneration) {
  /** No such account: no token counts for it. */
  public static final AccountState NONE = new AccountState(false, -1);
}
