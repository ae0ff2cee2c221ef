package io.tasklane.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Account states read from the database and kept for a short time, so a token is checked on every
 * request without a query each time, while a change made by another instance sharing the database
 * is seen within {@code ttl}. Changes made on this instance are put in at once. Only accounts named
 * by validly signed tokens get here, so the map stays as small as the account table.
 */
final class AccountStateCache {
  private record Entry(AccountState state, Instant readAt) {}

  private final Clock clock;
  private final Duration ttl;

  /** Reads the states of the given accounts; a name it does not return has no account. */
  private final Function<Collection<String>, Map<String, AccountState>> loader;

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  AccountStateCache(
      Clock clock, Duration ttl, Function<Collection<String>, Map<String, AccountState>> loader) {
    this.clock = clock;
    this.ttl = ttl;
    this.loader = loader;
  }

  /** The account's state, read again if the one held is older than the ttl. */
  AccountState get(String username) {
    Instant now = Instant.now(clock);
    Entry entry = entries.get(username);
    if (entry == null || stale(entry, now)) {
      refresh(List.of(username));
      entry = entries.get(username);
    }
    return entry.state();
  }

  /** Reads, in one go, the states among {@code usernames} that are missing or stale. */
  void refresh(Collection<String> usernames) {
    Instant now = Instant.now(clock);
    List<String> wanted = new ArrayList<>();
    for (String username : usernames) {
      Entry entry = entries.get(username);
      if (entry == null || stale(entry, now)) {
        wanted.add(username);
      }
    }
    if (wanted.isEmpty()) {
      return;
    }
    Map<String, AccountState> read = loader.apply(wanted);
    for (String username : wanted) {
      Entry fresh = new Entry(read.getOrDefault(username, AccountState.NONE), now);
      // A change this instance committed while the read ran is newer than what the read saw.
      entries.merge(username, fresh, (held, mine) -> held.readAt().isAfter(now) ? held : mine);
    }
  }

  /** A state known to be current (this instance just committed it). */
  void put(String username, AccountState state) {
    entries.put(username, new Entry(state, Instant.now(clock)));
  }

  private boolean stale(Entry entry, Instant now) {
    return !now.isBefore(entry.readAt().plus(ttl));
  }
}
