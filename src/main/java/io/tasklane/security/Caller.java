package io.tasklane.security;

/** Who is calling: the token's subject and whether it holds the admin role. */
public record Caller(String name, boolean admin) {}
