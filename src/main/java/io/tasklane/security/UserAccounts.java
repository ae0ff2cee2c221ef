package io.tasklane.security;

import io.tasklane.system.ProblemException;
import io.tasklane.system.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The built-in identity store: accounts in the database, passwords hashed with PBKDF2. Every change
 * that ends an account's tokens raises its token generation and announces it ({@link
 * AccountChanged}) once committed.
 */
@ApplicationScoped
public class UserAccounts {
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,64}");

  /** Names per query when reading many account states at once. */
  private static final int STATES_PER_QUERY = 500;

  @PersistenceContext EntityManager em;
  @Inject PasswordHashing hashing;
  @Inject Clock clock;
  @Inject Event<AccountChanged> changes;

  @Transactional
  public AppUser create(String username, String password, Set<String> roles) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new ProblemException.InvalidInput(
          "username: 3 to 64 characters of letters, digits, '.', '_' or '-'.");
    }
    checkPassword("password", password);
    if (roles == null || roles.isEmpty() || !Roles.ALL.containsAll(roles)) {
      throw new ProblemException.InvalidInput("roles: a non-empty list of 'admin' and/or 'user'.");
    }
    if (em.find(AppUser.class, username) != null) {
      throw new ProblemException.Conflict("User '" + username + "' already exists.");
    }
    AppUser user = new AppUser(username, hashing.hash(password), roles, Instant.now(clock));
    em.persist(user);
    return user;
  }

  /** Refuses a password the store would not accept, naming the field it came in. */
  public static void checkPassword(String field, String password) {
    if (password == null || password.length() < 8 || password.length() > 128) {
      throw new ProblemException.InvalidInput(field + ": 8 to 128 characters.");
    }
  }

  @Transactional
  public Optional<AppUser> find(String username) {
    return Optional.ofNullable(username == null ? null : em.find(AppUser.class, username));
  }

  @Transactional
  public List<AppUser> list() {
    return em.createQuery("select u from AppUser u order by u.username", AppUser.class)
        .getResultList();
  }

  /** The states of these accounts; a name without an account is absent from the map. */
  @Transactional
  public Map<String, AccountState> states(Collection<String> usernames) {
    Map<String, AccountState> states = new HashMap<>();
    List<String> names = new ArrayList<>(usernames);
    for (int from = 0; from < names.size(); from += STATES_PER_QUERY) {
      List<String> chunk = names.subList(from, Math.min(names.size(), from + STATES_PER_QUERY));
      em.createQuery(
              "select u.username, u.enabled, u.tokenGeneration from AppUser u"
                  + " where u.username in :names",
              Object[].class)
          .setParameter("names", chunk)
          .getResultList()
          .forEach(
              row ->
                  states.put((String) row[0], new AccountState((Boolean) row[1], (Long) row[2])));
    }
    return states;
  }

  @Transactional
  public AppUser disable(String username, String actingUser) {
    AppUser user = existing(username);
    if (username.equals(actingUser)) {
      throw new ProblemException.Conflict("You cannot disable your own account.");
    }
    user.disable();
    return announced(user);
  }

  /**
   * Stores a new password the caller has verified the old one for, unless the account's tokens
   * changed meanwhile (then the request's own token no longer counts: 401).
   */
  @Transactional
  public AppUser changePassword(String username, long tokenGeneration, String newHash) {
    AppUser user = em.find(AppUser.class, username);
    if (user == null || !TokenRevocation.counts(tokenGeneration, user.state(), true)) {
      throw new ProblemException.Unauthorized(TokenRevocation.REVOKED);
    }
    user.changePassword(newHash);
    return announced(user);
  }

  /** An admin sets another account's password; the account's tokens end. */
  @Transactional
  public AppUser resetPassword(String username, String password, String actingUser) {
    AppUser user = existing(username);
    if (username.equals(actingUser)) {
      throw new ProblemException.Conflict(
          "Change your own password with POST /api/auth/password (it asks for the current one).");
    }
    checkPassword("password", password);
    user.changePassword(hashing.hash(password));
    return announced(user);
  }

  /** Ends every token of the account; its password stays. */
  @Transactional
  public AppUser signOutEverywhere(String username) {
    AppUser user = existing(username);
    user.signOutEverywhere();
    return announced(user);
  }

  /** At start, by the operator's configuration: a new password, enabled, old tokens ended. */
  @Transactional
  public AppUser resetAtStart(String username, String password) {
    AppUser user = existing(username);
    checkPassword("tasklane.admin.password", password);
    user.resetAtStart(hashing.hash(password));
    return announced(user);
  }

  private AppUser existing(String username) {
    AppUser user = username == null ? null : em.find(AppUser.class, username);
    if (user == null) {
      throw new ProblemException.NotFound("No user '" + username + "'.");
    }
    return user;
  }

  /** Observers act after the commit: this instance's streams close, its cache learns the state. */
  private AppUser announced(AppUser user) {
    changes.fire(new AccountChanged(user.username(), user.state()));
    return user;
  }
}
