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

  void disable() {
    enabled = false;
  }
}
