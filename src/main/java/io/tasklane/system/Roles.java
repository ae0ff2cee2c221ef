package io.tasklane.system;

import java.util.Set;

/** The two roles of the product, as carried in the token's {@code groups} claim. */
public final class Roles {
  public static final String ADMIN = "admin";
  public static final String USER = "user";
  public static final Set<String> ALL = Set.of(ADMIN, USER);

  private Roles() {}
}
