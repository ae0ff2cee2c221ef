package io.tasklane.events;

import io.tasklane.resources.HostResources;
import io.tasklane.resources.ResourceSnapshot;
import io.tasklane.security.VerifiedToken;
import io.tasklane.system.JsonSettings;
import io.tasklane.tasks.QueueSummary;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.bind.Jsonb;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The open SSE streams of this instance. The relay hands it committed outbox events in id order; it
 * queues each one to every client allowed to see it (the task's owner and the admins; admins' copy
 * carries the machine's figures), and a heartbeat to all. A new client gets the initial state, or
 * the events it missed, and then everything after: the position it was registered at is taken under
 * the same lock as the dispatch, so nothing falls between replay and live events.
 */
@ApplicationScoped
public class TaskEventHub {
  private static final int REPLAY_PAGE = 500;

  @Resource ManagedThreadFactory threads;
  @Inject EventOutbox outbox;
  @Inject QueueSummary queue;
  @Inject HostResources host;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "tasklane.events.client-buffer")
  int clientBuffer;

  @Inject
  @ConfigProperty(name = "tasklane.events.retry-ms")
  long retryMs;

  @Inject
  @ConfigProperty(name = "tasklane.events.sender-threads", defaultValue = "8")
  int senderThreads;

  private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private final Jsonb jsonb = JsonSettings.create();
  private ThreadPoolExecutor senders;
  private volatile Sse sse;

  /** Highest outbox id handed to the clients; guarded by {@link #lock}. */
  private long dispatched;

  void start(long position) {
    synchronized (lock) {
      dispatched = position;
    }
    // Managed threads (application context available), a fixed number of them: each client has
    // at most one sender task queued or running, so the task queue is bounded by the clients.
    senders =
        new ThreadPoolExecutor(
            senderThreads,
            senderThreads,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            threads);
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
   * Opens a stream: the initial state (or, with {@code lastEventId}, the events missed since), then
   * live events.
   */
  public void subscribe(SseEventSink sink, Sse sse, VerifiedToken token, Long lastEventId) {
    if (this.sse == null) {
      this.sse = sse;
    }
    SseClient client =
        new SseClient(
            sink, token.caller(), token.expiresAt(), clientBuffer, senders, clients::remove);
    long upTo;
    synchronized (lock) {
      upTo = dispatched;
      clients.add(client);
    }
    try {
      if (lastEventId != null && replayable(lastEventId, upTo)) {
        client.resumeAfter(lastEventId);
        client.sendDirect(
            new SseClient.Outgoing(
                lastEventId,
                sse.newEventBuilder().comment("resumed").reconnectDelay(retryMs).build(),
                true));
        replay(client, token, lastEventId, upTo);
      } else {
        String state = jsonb.toJson(queue.of(token.caller()));
        String payload = WireEvents.initialState(state, Instant.now(clock));
        client.resumeAfter(upTo);
        client.sendDirect(
            new SseClient.Outgoing(
                upTo,
                sse.newEventBuilder()
                    .id(Long.toString(upTo))
                    .reconnectDelay(retryMs)
                    .data(String.class, forClient(client, payload))
                    .build(),
                true));
      }
      client.start();
    } catch (RuntimeException e) {
      client.close("could not start: " + e);
      throw e;
    }
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
        if (!client.sendDirect(
            new SseClient.Outgoing(
                event.id(), build(event.id(), forClient(client, event.payload())), false))) {
          return;
        }
        after = event.id();
      }
    } while (page.size() == REPLAY_PAGE);
  }

  /** Queues committed events, in id order, to the clients that may see them. */
  void dispatch(List<StoredEvent> events) {
    String resources = null;
    synchronized (lock) {
      for (StoredEvent event : events) {
        OutboundSseEvent forUsers = null;
        OutboundSseEvent forAdmins = null;
        for (SseClient client : clients) {
          if (!client.sees(event.userId())) {
            continue;
          }
          if (client.isAdmin()) {
            if (forAdmins == null) {
              resources = resources == null ? resources() : resources;
              forAdmins = build(event.id(), WireEvents.withResources(event.payload(), resources));
            }
            client.offer(new SseClient.Outgoing(event.id(), forAdmins, false));
          } else {
            if (forUsers == null) {
              forUsers = build(event.id(), event.payload());
            }
            client.offer(new SseClient.Outgoing(event.id(), forUsers, false));
          }
        }
        dispatched = event.id();
      }
    }
  }

  /**
   * Every client gets a heartbeat (admins with the figures). Writing it is also how a client that
   * went away is noticed: Jersey does not always see a closed connection until a write fails. A
   * client whose token has expired is closed here.
   */
  void heartbeat() {
    if (sse == null || clients.isEmpty()) {
      return;
    }
    Instant now = Instant.now(clock);
    String payload = WireEvents.heartbeat(now);
    String adminPayload = WireEvents.withResources(payload, resources());
    synchronized (lock) {
      OutboundSseEvent forUsers = build(dispatched, payload);
      OutboundSseEvent forAdmins = build(dispatched, adminPayload);
      for (SseClient client : clients) {
        if (client.isClosed()) {
          client.close("its connection is closed");
        } else if (client.isExpired(now)) {
          client.close("its token expired");
        } else {
          client.offer(
              new SseClient.Outgoing(dispatched, client.isAdmin() ? forAdmins : forUsers, true));
        }
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

  private OutboundSseEvent build(long id, String payload) {
    return sse.newEventBuilder().id(Long.toString(id)).data(String.class, payload).build();
  }

  /** The seed's figures: cores and RAM, total, available and used, from the cached sample. */
  private String resources() {
    ResourceSnapshot s = host.latest();
    return Json.createObjectBuilder()
        .add(
            "cpu",
            Json.createObjectBuilder()
                .add("total_cores", s.totalCores())
                .add("available_cores", round(s.availableCores()))
                .add("usage_percent", round(s.cpuUsage() * 100)))
        .add(
            "ram",
            Json.createObjectBuilder()
                .add("total_gb", round(s.totalRamGb()))
                .add("available_gb", round(s.availableRamGb()))
                .add("usage_percent", round(100 * (1 - s.availableRamGb() / s.totalRamGb()))))
        .add("sampled_at", s.sampledAt().toString())
        .build()
        .toString();
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
