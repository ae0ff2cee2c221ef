package io.tasklane.security;

import jakarta.enterprise.context.Dependent;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code tasklane.admin.*}: the bootstrap admin account. */
@Dependent
@ConfigProperties(prefix = "tasklane.admin")
public class AdminConfig {
  /** Used only when the account does not exist yet, or with reset-password; unset: generated. */
  @ConfigProperty(name = "password")
  public Optional<String> password = Optional.empty();

  /**
   * true: at this start, give the existing admin account the password (or a generated one,
   * printed), enable it and end its tokens. Every start with it resets again.
   */
  @ConfigProperty(name = "reset-password", defaultValue = "false")
  public boolean resetPassword;
}
