package io.tasklane.events;

import io.tasklane.resources.HostResources;
import io.tasklane.security.AccountChanged;
import io.tasklane.security.TokenRevocation;
import io.tasklane.security.VerifiedToken;
import io.tasklane.system.JsonSettings;
import io.tasklane.tasks.QueueSummary;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The open SSE streams of this instance. The relay hands it committed outbox events in id order; it
 * encodes each one at most twice (the users' copy, and the admins' with the machine's figures),
 * queues the same bytes to every client allowed to see it, and has the sender threads write them, a
 * slice of clients per task. A heartbeat goes to all. A new client gets the initial state, or the
 * events it missed, and then everything after: the position it was registered at is taken under the
 * same lock as the dispatch, so nothing falls between replay and live events.
 *
 * <p>Open streams are capped per user and in all ({@link StreamQuota}). A stream whose token stops
 * counting (account disabled, password changed, signed out everywhere) is closed: at once when the
 * change was made on this instance, else at the next heartbeat, which re-checks every stream.
 */
@ApplicationScoped
public class TaskEventHub {
  private static final Logger LOG = Logger.getLogger(TaskEventHub.class.getName());
  private static final int REPLAY_PAGE = 500;

  @Resource ManagedThreadFactory threads;
  @Inject EventOutbox outbox;
  @Inject QueueSummary queue;
  @Inject HostResources host;
  @Inject TokenRevocation revocation;
  @Inject Clock clock;

  @Inject @ConfigProperties EventsConfig config;

  private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private volatile Jsonb jsonb;
  private ThreadPoolExecutor senders;
  private FanOut fanOut;
  private StreamQuota quota;

  /** Highest outbox id handed to the clients; guarded by {@link #lock}. */
  private long dispatched;

  @PostConstruct
  void prepare() {
    // A refused client is told to come back after a heartbeat: its abandoned streams are gone.
    quota =
        new StreamQuota(
            config.maxStreamsPerUser,
            config.maxStreams,
            Duration.ofSeconds(Math.max(1, config.heartbeatSeconds)));
  }

  void start(long position) {
    synchronized (lock) {
      dispatched = position;
    }
    jsonb = JsonSettings.create();
    int threadCount = config.senderThreads.orElse(Runtime.getRuntime().availableProcessors());
    ManagedThreadFactory factory = threads != null ? threads : defaultThreadFactory();
    // Managed threads (application context available), a fixed number of them. Tasks are slices of
    // clients per fan-out and connection closes, and none waits on a socket.
    senders =
        new ThreadPoolExecutor(
            threadCount,
            threadCount,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            factory);
    fanOut = new FanOut(senders, threadCount);
  }

  /**
   * The injected factory is null when the hub was first created outside a component's invocation
   * (an observer run at another bean's transaction completion); here, at start, the lookup works.
   */
  private static ManagedThreadFactory defaultThreadFactory() {
    try {
      return javax.naming.InitialContext.doLookup("java:comp/DefaultManagedThreadFactory");
    } catch (javax.naming.NamingException e) {
      throw new IllegalStateException("No default ManagedThreadFactory", e);
    }
  }

  void stop() {
    for (SseClient client : clients) {
      client.close("the server is shutting down");
    }
    if (senders != null) {
      senders.shutdown();
    }
  }

  /**
   * Opens a stream on {@code connection}: the initial state (or, with {@code lastEventId}, the
   * events missed since), then live events. Past the caps it throws a 429 or 503 problem. On
   * failure nothing is written and the caller answers.
   */
  public void subscribe(EventConnection connection, VerifiedToken token, Long lastEventId) {
    quota.take(token.caller().name());
    SseClient client = new SseClient(connection, token, config.clientBuffer, senders, this::closed);
    long upTo;
    synchronized (lock) {
      upTo = dispatched;
      clients.add(client);
    }
    try {
      if (lastEventId != null && replayable(lastEventId, upTo)) {
        client.resumeAfter(lastEventId);
        client.prepend(SseFrame.comment("resumed", config.retryMs));
        replay(client, token, lastEventId, upTo);
      } else {
        String state = jsonb.toJson(queue.of(token.caller()));
        String payload = WireEvents.initialState(state, Instant.now(clock));
        client.resumeAfter(upTo);
        client.prepend(SseFrame.initial(upTo, config.retryMs, forClient(client, payload)));
      }
      client.start();
    } catch (RuntimeException e) {
      client.abandon(); // never started: it holds the writer role, nothing reaches it
      throw e;
    }
  }

  /** Told once by each client when it closes, whatever closed it. */
  private void closed(SseClient client) {
    clients.remove(client);
    quota.release(client.user());
  }

  /**
   * Whether every event after {@code lastEventId} is still kept (else the client gets the initial
   * state instead). An id this database never issued (another database, a reset) is not resumable.
   */
  private boolean replayable(long lastEventId, long upTo) {
    if (lastEventId < 0 || lastEventId > outbox.latestId()) {
      return false;
    }
    if (lastEventId >= upTo) {
      return true;
    }
    long oldest = outbox.oldestId();
    return oldest != 0 && lastEventId >= oldest - 1;
  }

  private void replay(SseClient client, VerifiedToken token, long from, long upTo) {
    String owner = token.caller().admin() ? null : token.caller().name();
    long after = from;
    List<StoredEvent> page;
    do {
      page = outbox.between(after, upTo, owner, REPLAY_PAGE);
      for (StoredEvent event : page) {
        client.prepend(SseFrame.event(event.id(), forClient(client, event.payload())));
        after = event.id();
      }
    } while (page.size() == REPLAY_PAGE);
  }

  /** Queues committed events, in id order, to the clients that may see them; then writes. */
  void dispatch(List<StoredEvent> events) {
    Set<SseClient> reached = Collections.newSetFromMap(new IdentityHashMap<>());
    String resources = null;
    synchronized (lock) {
      for (StoredEvent event : events) {
        SseFrame forUsers = null;
        SseFrame forAdmins = null;
        for (SseClient client : clients) {
          if (!client.sees(event.userId())) {
            continue;
          }
          if (client.isAdmin()) {
            if (forAdmins == null) {
              resources = resources == null ? resources() : resources;
              forAdmins =
                  SseFrame.event(event.id(), WireEvents.withResources(event.payload(), resources));
            }
            client.offer(forAdmins);
          } else {
            if (forUsers == null) {
              forUsers = SseFrame.event(event.id(), event.payload());
            }
            client.offer(forUsers);
          }
          reached.add(client);
        }
        dispatched = event.id();
      }
    }
    fanOut.run(new ArrayList<>(reached), SseClient::flush);
  }

  /**
   * Every client gets a heartbeat (admins with the figures). Writing it is also how a client that
   * went away unnoticed is found: its write fails. A client whose token has expired is closed here.
   */
  void heartbeat() {
    if (clients.isEmpty()) {
      return;
    }
    closeRevoked();
    Instant now = Instant.now(clock);
    String payload = WireEvents.heartbeat(now);
    String adminPayload = WireEvents.withResources(payload, resources());
    List<SseClient> open = new ArrayList<>(clients.size());
    synchronized (lock) {
      SseFrame forUsers = SseFrame.heartbeat(dispatched, payload);
      SseFrame forAdmins = SseFrame.heartbeat(dispatched, adminPayload);
      for (SseClient client : clients) {
        if (client.isClosed()) {
          client.close("its connection is closed");
        } else if (client.isExpired(now)) {
          client.close("its token expired");
        } else {
          client.offer(client.isAdmin() ? forAdmins : forUsers);
          open.add(client);
        }
      }
    }
    fanOut.run(open, SseClient::flush);
  }

  /** Written halfway between heartbeats; EventSource ignores comments. */
  private static final SseFrame PROBE = SseFrame.comment("", -1);

  /**
   * Finds streams whose client went away since the heartbeat. A connection the client closed takes
   * two writes to notice (the socket takes the first and is answered by a reset; the second fails):
   * a three-byte comment between heartbeats makes those two writes fall within one heartbeat
   * interval.
   */
  void probe() {
    List<SseClient> open = new ArrayList<>(clients.size());
    for (SseClient client : clients) {
      if (client.isClosed()) {
        client.close("its connection is closed");
      } else {
        client.offer(PROBE);
        open.add(client);
      }
    }
    if (!open.isEmpty()) {
      fanOut.run(open, SseClient::flush);
    }
  }

  /**
   * Closes the streams whose token no longer counts. The account states are read in one go for all
   * users with a stream (through the revocation cache), outside the dispatch lock.
   */
  void closeRevoked() {
    try {
      Set<String> users = new HashSet<>();
      for (SseClient client : clients) {
        if (client.tokenGeneration() != null) {
          users.add(client.user());
        }
      }
      if (!users.isEmpty()) {
        revocation.refresh(users);
      }
      for (SseClient client : clients) {
        if (!revocation.counts(client.user(), client.tokenGeneration())) {
          client.close("its token was revoked");
        }
      }
    } catch (RuntimeException e) {
      // The database did not answer: streams stay as they are until the next heartbeat checks.
      LOG.log(Level.WARNING, "Could not re-check the event streams' tokens", e);
    }
  }

  /** A change committed on this instance closes the account's streams at once. */
  void accountChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountChanged change) {
    for (SseClient client : clients) {
      if (client.user().equals(change.username())
          && !revocation.counts(client.tokenGeneration(), change.state())) {
        client.close("its token was revoked");
      }
    }
  }

  public int openConnections() {
    return clients.size();
  }

  public long position() {
    synchronized (lock) {
      return dispatched;
    }
  }

  private String forClient(SseClient client, String payload) {
    return client.isAdmin() ? WireEvents.withResources(payload, resources()) : payload;
  }

  private String resources() {
    return WireEvents.resources(host.latest());
  }
}
