package io.tasklane.security;

import io.tasklane.system.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Slows password guessing, per username and per client address. After a key's first few failures
 * (the free ones) each further attempt must come a growing time after the one before (1 s, 2 s, 4 s
 * ... up to the max delay). An attempt that comes early by at most {@code hold} is held until its
 * time (the answer is delayed, no thread waits); earlier than that it is refused 429 with {@code
 * Retry-After}. Admitting an attempt books the next slot, so concurrent attempts queue up one delay
 * apart rather than slip through together.
 *
 * <p>Names are throttled whether or not the account exists (no different answer gives them away); a
 * success clears its name's failures but not its address's, so a valid account does not reset an
 * address that is guessing others. A key is forgotten after {@code forget-after} without a failure.
 * The state is this instance's memory: it is a rate limiter, not data; behind a load balancer the
 * limits apply per instance.
 */
@ApplicationScoped
public class LoginThrottle {
  /** How often forgotten keys are swept out. */
  static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

  @Inject Clock clock;

  @Inject @ConfigProperties ThrottleConfig config;

  /** The delays of one kind of key. */
  record Policy(int freeFailures, Duration baseDelay, Duration maxDelay) {
    /** How long after an attempt the next may come, once the key has this many failures. */
    Duration spacing(int failures) {
      if (failures < freeFailures) {
        return Duration.ZERO;
      }
      int doublings = Math.min(30, failures - freeFailures);
      Duration delay = baseDelay.multipliedBy(1L << doublings);
      return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
  }

  private static final class State {
    int failures;
    Instant nextAt;
    Instant lastFailureAt;
  }

  private Policy byName;
  private Policy byAddress;
  private Duration hold;
  private Duration forgetAfter;
  private final Map<String, State> names = new HashMap<>();
  private final Map<String, State> addresses = new HashMap<>();
  private Instant sweptAt = Instant.EPOCH;

  @PostConstruct
  void prepare() {
    Duration base = Duration.ofMillis(config.baseDelayMs);
    Duration max = Duration.ofSeconds(config.maxDelaySeconds);
    byName = new Policy(config.freeFailures, base, max);
    byAddress = new Policy(config.addressFreeFailures, base, max);
    hold = Duration.ofMillis(config.holdMs);
    forgetAfter = Duration.ofSeconds(config.forgetAfterSeconds);
  }

  /**
   * Admits an attempt to sign in as {@code username} from {@code address}: how long to hold it
   * before checking the password. Refuses it with 429 when its turn is further away than the hold.
   */
  public synchronized Duration admit(String username, String address) {
    Instant now = Instant.now(clock);
    sweep(now);
    State name = current(names, username, now);
    State from = current(addresses, address, now);
    Instant at = latest(now, name, from);
    Duration wait = Duration.between(now, at);
    if (wait.compareTo(hold) > 0) {
      throw new ProblemException.TooManyRequests(
          "Too many failed sign-ins for this account or from this address: try again after the"
              + " time in Retry-After.",
          wait);
    }
    book(name, byName, at);
    book(from, byAddress, at);
    return wait;
  }

  /** The password was wrong (or the account unknown or disabled: the same to the caller). */
  public synchronized void failed(String username, String address) {
    Instant now = Instant.now(clock);
    fail(names.computeIfAbsent(username, k -> new State()), byName, now);
    fail(addresses.computeIfAbsent(address, k -> new State()), byAddress, now);
  }

  /** The password was right: the name's failures are forgotten (the address's are not). */
  public synchronized void succeeded(String username) {
    names.remove(username);
  }

  private State current(Map<String, State> states, String key, Instant now) {
    State state = states.get(key);
    if (state != null && forgotten(state, now)) {
      states.remove(key);
      return null;
    }
    return state;
  }

  private boolean forgotten(State state, Instant now) {
    return !now.isBefore(state.lastFailureAt.plus(forgetAfter)) && !now.isBefore(state.nextAt);
  }

  private static Instant latest(Instant now, State a, State b) {
    Instant at = now;
    for (State state : new State[] {a, b}) {
      if (state != null && state.nextAt.isAfter(at)) {
        at = state.nextAt;
      }
    }
    return at;
  }

  /** The attempt takes the slot at {@code at}: the next one comes a delay later. */
  private static void book(State state, Policy policy, Instant at) {
    if (state != null) {
      Instant next = at.plus(policy.spacing(state.failures));
      if (next.isAfter(state.nextAt)) {
        state.nextAt = next;
      }
    }
  }

  private static void fail(State state, Policy policy, Instant now) {
    state.failures++;
    state.lastFailureAt = now;
    Instant next = now.plus(policy.spacing(state.failures));
    if (state.nextAt == null || next.isAfter(state.nextAt)) {
      state.nextAt = next;
    }
  }

  /** Keys are created only by failures, which the hashing pool bounds; old ones go here. */
  private void sweep(Instant now) {
    if (now.isBefore(sweptAt.plus(SWEEP_EVERY))) {
      return;
    }
    sweptAt = now;
    names.values().removeIf(state -> forgotten(state, now));
    addresses.values().removeIf(state -> forgotten(state, now));
  }

  /** Keys held, for tests. */
  synchronized int size() {
    return names.size() + addresses.size();
  }
}
