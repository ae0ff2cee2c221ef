package io.tasklane.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.security.Caller;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SseClientTest {
  static final Instant NOW = Instant.parse("2026-01-15T10:30:00Z");

  /** Records what was written; can be made to fail, and can hold writes back (a stalled client). */
  static final class FakeSink implements SseEventSink {
    final List<String> written = new ArrayList<>();
    boolean failing;
    boolean closed;

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public CompletionStage<?> send(OutboundSseEvent event) {
      if (failing) {
        return CompletableFuture.failedFuture(new java.io.IOException("Broken pipe"));
      }
      written.add(event.getId());
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** Runs sender tasks only when told: a client whose writes do not progress. */
  static final class ManualExecutor implements Executor {
    final List<Runnable> pending = new ArrayList<>();

    @Override
    public void execute(Runnable task) {
      pending.add(task);
    }

    void runAll() {
      while (!pending.isEmpty()) {
        pending.remove(0).run();
      }
    }
  }

  static OutboundSseEvent event(long id) {
    return new OutboundSseEvent() {
      public String getId() {
        return Long.toString(id);
      }

      public String getName() {
        return null;
      }

      public String getComment() {
        return null;
      }

      public long getReconnectDelay() {
        return -1;
      }

      public boolean isReconnectDelaySet() {
        return false;
      }

      public Class<?> getType() {
        return String.class;
      }

      public Type getGenericType() {
        return String.class;
      }

      public MediaType getMediaType() {
        return MediaType.TEXT_PLAIN_TYPE;
      }

      public Object getData() {
        return "{}";
      }
    };
  }

  static SseClient.Outgoing live(long id) {
    return new SseClient.Outgoing(id, event(id), false);
  }

  static SseClient.Outgoing heartbeat(long id) {
    return new SseClient.Outgoing(id, event(id), true);
  }

  final FakeSink sink = new FakeSink();
  final ManualExecutor senders = new ManualExecutor();
  final AtomicInteger closed = new AtomicInteger();

  SseClient client(Caller caller, int capacity) {
    return new SseClient(
        sink, caller, NOW.plusSeconds(60), capacity, senders, c -> closed.incrementAndGet());
  }

  @Test
  void a_user_sees_only_their_own_tasks_and_an_admin_sees_all() {
    SseClient alice = client(new Caller("alice", false), 10);
    assertTrue(alice.sees("alice"));
    assertFalse(alice.sees("bob"));
    SseClient admin = client(new Caller("root", true), 10);
    assertTrue(admin.sees("bob"));
    assertTrue(admin.isAdmin());
    assertFalse(alice.isAdmin());
  }

  @Test
  void live_events_wait_for_the_replay_then_flow_in_order_without_duplicates() {
    SseClient client = client(new Caller("alice", false), 10);
    client.offer(live(5)); // arrived while the replay was being sent
    client.offer(live(7));
    assertTrue(client.sendDirect(live(5))); // replayed
    client.start();
    senders.runAll();
    assertEquals(List.of("5", "7"), sink.written, "5 came by the replay and is not sent again");
  }

  @Test
  void a_heartbeat_never_moves_the_clients_position_backwards() {
    SseClient client = client(new Caller("alice", false), 10);
    client.resumeAfter(9); // the client is ahead of this instance
    client.start();
    client.offer(heartbeat(8));
    client.offer(heartbeat(9));
    client.offer(live(10));
    senders.runAll();
    assertEquals(List.of("9", "10"), sink.written);
  }

  @Test
  void a_client_that_stops_reading_is_closed_when_its_queue_is_full_and_holds_nothing() {
    SseClient slow = client(new Caller("alice", false), 3);
    slow.start();
    for (long id = 1; id <= 4; id++) {
      slow.offer(live(id)); // its sender never gets to run
    }
    assertEquals(1, closed.get(), "dropped from the hub");
    assertTrue(slow.isClosed());
    senders.runAll();
    assertTrue(sink.closed, "its connection is closed");
    assertEquals(List.of(), sink.written, "nothing more is written to it");
  }

  @Test
  void a_failed_write_drops_the_client_at_once() {
    SseClient client = client(new Caller("alice", false), 10);
    client.start();
    sink.failing = true;
    client.offer(live(1));
    senders.runAll();
    assertEquals(1, closed.get());
    client.offer(live(2));
    senders.runAll();
    assertEquals(1, closed.get(), "closed once");
  }

  @Test
  void a_client_whose_connection_is_closed_is_dropped_at_its_next_write() {
    SseClient client = client(new Caller("alice", false), 10);
    client.start();
    sink.closed = true;
    client.offer(live(1));
    senders.runAll();
    assertEquals(1, closed.get());
    assertEquals(List.of(), sink.written);
  }

  @Test
  void a_token_expires_at_its_exp() {
    SseClient client = client(new Caller("alice", false), 10);
    assertFalse(client.isExpired(NOW.plusSeconds(59)));
    assertTrue(client.isExpired(NOW.plusSeconds(60)));
  }
}
