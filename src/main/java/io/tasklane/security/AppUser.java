package io.tasklane.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * An account of the built-in identity store. Disabled, never deleted, so task owners stay known.
 * Its token generation is carried by every token issued for it: raising it ends them all.
 */
@Entity
@Table(name = "app_user")
public class AppUser {
  @Id
  @Column(length = 64)
  private String username;

  @Column(name = "password_hash", nullable = false, length = 512)
  private String passwordHash;

  /** Comma-separated role names. */
  @Column(nullable = false, length = 128)
  private String roles;

  @Column(nullable = false)
  private boolean enabled;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  /** Raised whenever the account's existing tokens must stop counting. */
  @Column(name = "token_generation", nullable = false)
  private long tokenGeneration;

  @Version private long version;

  protected AppUser() {}

  AppUser(String username, String passwordHash, Set<String> roles, Instant createdAt) {
    this.username = username;
    this.passwordHash = passwordHash;
    this.roles = String.join(",", new TreeSet<>(roles));
    this.enabled = true;
    this.createdAt = createdAt;
  }

  public String username() {
    return username;
  }

  String passwordHash() {
    return passwordHash;
  }

  public Set<String> roles() {
    return new TreeSet<>(Arrays.asList(roles.split(",")));
  }

  public boolean enabled() {
    return enabled;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public long tokenGeneration() {
    return tokenGeneration;
  }

  AccountState state() {
    return new AccountState(enabled, tokenGeneration);
  }

  /** Disabled, and every token it has ends (re-enabling it would not revive them). */
  void disable() {
    enabled = false;
    tokenGeneration++;
  }

  /** A new password ends every token issued with the old one. */
  void changePassword(String newHash) {
    passwordHash = newHash;
    tokenGeneration++;
  }

  /** Every token issued so far stops counting; the password stays. */
  void signOutEverywhere() {
    tokenGeneration++;
  }

  /** The operator's way back in: a new password, enabled again, every old token ended. */
  void resetAtStart(String newHash) {
    passwordHash = newHash;
    enabled = true;
    tokenGeneration++;
  }
}
