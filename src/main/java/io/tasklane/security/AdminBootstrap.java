package io.tasklane.security;

import io.tasklane.system.Roles;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Makes sure an {@code admin} account exists: with {@code tasklane.admin.password} if configured,
 * otherwise with a generated password printed once, at the start that creates it. With {@code
 * tasklane.admin.reset-password=true} an existing admin account gets that password (or a generated
 * one, printed) at this start, is enabled again and loses every token it had: the way back in
 * without deleting the data directory.
 */
@Startup
@Singleton
// After the event hub: a reset fires AccountChanged, whose observer must not be the first to
// create the hub (created inside this bean's transaction completion, its resources were null).
@DependsOn({"DatabaseMigration", "EventsStartup"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AdminBootstrap {
  static final String ADMIN = "admin";
  private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());

  @Inject UserAccounts accounts;

  @Inject @ConfigProperties AdminConfig config;

  /** A password this start generated, for the start banner; never stored. */
  private volatile String generated;

  /** The admin password generated at this start (first start or reset), to be shown once. */
  public Optional<String> generatedPassword() {
    return Optional.ofNullable(generated);
  }

  @PostConstruct
  void ensureAdmin() {
    if (accounts.find(ADMIN).isPresent()) {
      if (config.resetPassword) {
        reset();
      }
      return;
    }
    String password = config.password.orElseGet(AdminBootstrap::generatePassword);
    try {
      accounts.create(ADMIN, password, Set.of(Roles.ADMIN, Roles.USER));
    } catch (RuntimeException e) {
      if (accounts.find(ADMIN).isPresent()) {
        return; // another instance sharing the database created it first
      }
      throw e;
    }
    if (config.password.isEmpty()) {
      generated = password;
      LOG.warning(
          "\n\n    Created the admin account. Username: admin  Password: "
              + password
              + "\n    This password is shown only once; set tasklane.admin.password to choose your own.\n");
    } else {
      LOG.info("Created the admin account with the configured tasklane.admin.password");
    }
  }

  private void reset() {
    String password = config.password.orElseGet(AdminBootstrap::generatePassword);
    accounts.resetAtStart(ADMIN, password);
    if (config.password.isEmpty()) {
      generated = password;
    }
    String how =
        config.password.isEmpty()
            ? "Password: " + password + "\n    This password is shown only once."
            : "It now has the configured tasklane.admin.password.";
    LOG.warning(
        "\n\n    Reset the admin account's password (tasklane.admin.reset-password=true); its"
            + " earlier tokens no longer count.\n    "
            + how
            + "\n    Remove tasklane.admin.reset-password now: every start with it resets again.\n");
  }

  private static String generatePassword() {
    byte[] bytes = new byte[15];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
