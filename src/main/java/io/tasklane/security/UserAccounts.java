package io.tasklane.security;

import io.tasklane.system.ProblemException;
import io.tasklane.system.Roles;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The built-in identity store: accounts in the database, passwords hashed with PBKDF2. */
@ApplicationScoped
public class UserAccounts {
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,64}");

  @PersistenceContext EntityManager em;
  @Inject Pbkdf2PasswordHash hasher;
  @Inject Clock clock;

  /** Verified against when the user does not exist, so timing does not reveal which names exist. */
  private String decoyHash;

  @PostConstruct
  void configureHasher() {
    hasher.initialize(
        Map.of(
            "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
            "Pbkdf2PasswordHash.Iterations", "120000",
            "Pbkdf2PasswordHash.SaltSizeBytes", "32",
            "Pbkdf2PasswordHash.KeySizeBytes", "32"));
    decoyHash = hasher.generate("decoy-password".toCharArray());
  }

  @Transactional
  public AppUser create(String username, String password, Set<String> roles) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new ProblemException.InvalidInput(
          "username: 3 to 64 characters of letters, digits, '.', '_' or '-'.");
    }
    if (password == null || password.length() < 8 || password.length() > 128) {
      throw new ProblemException.InvalidInput("password: 8 to 128 characters.");
    }
    if (roles == null || roles.isEmpty() || !Roles.ALL.containsAll(roles)) {
      throw new ProblemException.InvalidInput("roles: a non-empty list of 'admin' and/or 'user'.");
    }
    if (em.find(AppUser.class, username) != null) {
      throw new ProblemException.Conflict("User '" + username + "' already exists.");
    }
    AppUser user =
        new AppUser(username, hasher.generate(password.toCharArray()), roles, Instant.now(clock));
    em.persist(user);
    return user;
  }

  /** The enabled account whose password matches, if any. */
  @Transactional
  public Optional<AppUser> authenticate(String username, String password) {
    AppUser user = username == null ? null : em.find(AppUser.class, username);
    if (user == null) {
      hasher.verify(String.valueOf(password).toCharArray(), decoyHash);
      return Optional.empty();
    }
    boolean matches =
        password != null && hasher.verify(password.toCharArray(), user.passwordHash());
    return matches && user.enabled() ? Optional.of(user) : Optional.empty();
  }

  @Transactional
  public Optional<AppUser> find(String username) {
    return Optional.ofNullable(em.find(AppUser.class, username));
  }

  @Transactional
  public List<AppUser> list() {
    return em.createQuery("select u from AppUser u order by u.username", AppUser.class)
        .getResultList();
  }

  @Transactional
  public AppUser disable(String username, String actingUser) {
    AppUser user =
        find(username)
            .orElseThrow(() -> new ProblemException.NotFound("No user '" + username + "'."));
    if (username.equals(actingUser)) {
      throw new ProblemException.Conflict("You cannot disable your own account.");
    }
    user.disable();
    return user;
  }
}
