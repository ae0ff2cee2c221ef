package io.tasklane.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.security.Caller;
import io.tasklane.security.VerifiedToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SseClientTest {
  static final Instant NOW = Instant.parse("2026-01-15T10:30:00Z");
  static final Pattern ID = Pattern.compile("^id: (\\d+)$", Pattern.MULTILINE);

  /**
   * Records every write; can stall (a write the socket takes only in part, finished when the test
   * says {@link #drained()}) or fail, and notices two writers at once.
   */
  static final class FakeConnection implements EventConnection {
    final List<byte[]> writes = new ArrayList<>();
    final AtomicInteger writers = new AtomicInteger();

    /** As the container: the first onWritePossible comes unasked, later ones after a stall. */
    final AtomicBoolean pending = new AtomicBoolean(true);

    volatile boolean overlapped;
    volatile boolean stalled;
    volatile boolean failing;
    volatile boolean open = true;
    volatile Listener listener;

    @Override
    public void start(Listener listener) {
      this.listener = listener;
    }

    @Override
    public boolean write(byte[] bytes) throws IOException {
      boolean taken;
      if (writers.incrementAndGet() > 1) {
        overlapped = true;
      }
      try {
        if (failing) {
          throw new IOException("Broken pipe");
        }
        synchronized (writes) {
          writes.add(bytes);
        }
        taken = !stalled;
      } finally {
        writers.decrementAndGet();
      }
      if (!taken) {
        pending.set(true);
      }
      return taken;
    }

    /** The container's onWritePossible: the connection is first writable, or a stall is over. */
    void drained() {
      stalled = false;
      if (pending.compareAndSet(true, false)) {
        listener.onWritable();
      }
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }

    String text() {
      StringBuilder all = new StringBuilder();
      synchronized (writes) {
        writes.forEach(w -> all.append(new String(w, StandardCharsets.UTF_8)));
      }
      return all.toString();
    }

    List<Long> ids() {
      List<Long> ids = new ArrayList<>();
      Matcher m = ID.matcher(text());
      while (m.find()) {
        ids.add(Long.parseLong(m.group(1)));
      }
      return ids;
    }

    int writeCount() {
      synchronized (writes) {
        return writes.size();
      }
    }
  }

  final FakeConnection connection = new FakeConnection();
  final AtomicInteger removed = new AtomicInteger();

  SseClient client(FakeConnection on, Caller caller, int capacity) {
    return new SseClient(
        on,
        new VerifiedToken(caller, NOW.plusSeconds(60), 0L),
        capacity,
        Runnable::run,
        c -> removed.incrementAndGet());
  }

  SseClient alice(int capacity) {
    return client(connection, new Caller("alice", false), capacity);
  }

  /** A client whose connection has become writable and has written its (empty) preamble. */
  SseClient started(SseClient client, FakeConnection on) {
    client.start();
    on.drained();
    return client;
  }

  /** A started client whose first write (event 1) the socket took only in part: it is pending. */
  SseClient stalledAfterFirstWrite(int capacity) {
    SseClient client = started(alice(capacity), connection);
    connection.stalled = true;
    client.offer(live(1));
    client.flush();
    return client;
  }

  static SseFrame live(long id) {
    return SseFrame.event(id, "{\"n\":" + id + "}");
  }

  static List<Long> ids(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void a_user_sees_only_their_own_tasks_and_an_admin_sees_all() {
    SseClient alice = alice(10);
    assertTrue(alice.sees("alice"));
    assertFalse(alice.sees("bob"));
    SseClient admin = client(connection, new Caller("root", true), 10);
    assertTrue(admin.sees("bob"));
    assertTrue(admin.isAdmin());
    assertFalse(alice.isAdmin());
  }

  @Test
  void
      nothing_is_written_until_the_connection_is_writable_and_then_the_initial_state_comes_first() {
    SseClient client = alice(10);
    client.resumeAfter(4);
    client.prepend(SseFrame.initial(4, 3000, "{\"type\":\"initial_state\"}"));
    client.offer(live(5)); // dispatched while the stream was being opened
    client.start();
    client.flush();
    assertEquals(0, connection.writeCount(), "not writable yet");

    connection.drained();
    assertEquals(List.of(4L, 5L), connection.ids());
    assertTrue(connection.text().startsWith("id: 4\nretry: 3000\n"), connection.text());
  }

  @Test
  void live_events_the_replay_already_sent_are_not_sent_again() {
    SseClient client = alice(10);
    client.resumeAfter(4);
    client.prepend(SseFrame.comment("resumed", 3000));
    client.prepend(live(5)); // replayed from the outbox
    client.prepend(live(6));
    client.offer(live(5)); // the same events, live, while the replay was read
    client.offer(live(6));
    client.offer(live(7));
    started(client, connection);
    assertEquals(ids(5, 7), connection.ids());
    assertTrue(connection.text().startsWith(": resumed\nretry: 3000\n\n"));
  }

  @Test
  void a_heartbeat_never_moves_the_clients_position_backwards() {
    SseClient client = alice(10);
    client.resumeAfter(9); // the client is ahead of this instance
    started(client, connection);
    client.offer(SseFrame.heartbeat(8, "{}"));
    client.offer(SseFrame.heartbeat(9, "{}"));
    client.offer(live(9));
    client.offer(live(10));
    client.flush();
    assertEquals(List.of(9L, 10L), connection.ids());
  }

  @Test
  void events_queued_while_a_write_is_pending_go_out_together_in_one_write() {
    SseClient client = stalledAfterFirstWrite(10);
    assertEquals(1, connection.writeCount());
    for (long id = 2; id <= 4; id++) {
      client.offer(live(id));
      client.flush(); // the writer role is held by the pending write: nothing written now
    }
    assertEquals(1, connection.writeCount());

    connection.drained();
    assertEquals(2, connection.writeCount(), "three events, one write");
    assertEquals(ids(1, 4), connection.ids());
  }

  @Test
  void one_write_joins_at_most_the_cap_and_a_larger_frame_goes_alone() {
    SseClient client = stalledAfterFirstWrite(100);
    String big = "x".repeat(SseClient.MAX_WRITE_BYTES);
    String small = "y".repeat(SseClient.MAX_WRITE_BYTES / 4);
    client.offer(SseFrame.event(2, small));
    client.offer(SseFrame.event(3, small));
    client.offer(SseFrame.event(4, big));
    client.offer(SseFrame.event(5, small));
    connection.drained();
    List<Integer> sizes = connection.writes.stream().map(w -> w.length).toList();
    assertEquals(4, sizes.size(), "1 | 2+3 | 4 | 5: " + sizes);
    assertTrue(sizes.get(1) <= SseClient.MAX_WRITE_BYTES);
    assertTrue(sizes.get(2) > SseClient.MAX_WRITE_BYTES);
    assertEquals(ids(1, 5), connection.ids());
  }

  @Test
  void a_client_that_stops_reading_is_closed_when_its_queue_is_full_and_gets_nothing_more() {
    SseClient slow = stalledAfterFirstWrite(3);
    for (long id = 2; id <= 5; id++) {
      slow.offer(live(id));
    }
    assertTrue(slow.isClosed());
    assertEquals(1, removed.get(), "dropped from the hub");
    assertFalse(connection.isOpen(), "its connection is closed");
    connection.drained();
    assertEquals(List.of(1L), connection.ids(), "nothing more is written to it");
  }

  @Test
  void a_failed_write_closes_the_client_and_removes_it_at_once() {
    SseClient client = started(alice(10), connection);
    connection.failing = true;
    client.offer(live(1));
    client.flush();
    assertEquals(1, removed.get());
    assertFalse(connection.isOpen());
    client.offer(live(2));
    client.flush();
    assertEquals(1, removed.get(), "closed once");
  }

  @Test
  void a_connection_the_container_closed_removes_its_client_at_once() {
    SseClient client = started(alice(10), connection);
    connection.listener.onClosed(new IOException("Connection reset by peer"));
    assertTrue(client.isClosed());
    assertEquals(1, removed.get());
  }

  @Test
  void a_connection_found_closed_makes_the_client_closed() {
    SseClient client = started(alice(10), connection);
    connection.open = false;
    assertTrue(client.isClosed(), "the heartbeat closes and removes such a client");
  }

  @Test
  void a_token_expires_at_its_exp() {
    SseClient client = alice(10);
    assertFalse(client.isExpired(NOW.plusSeconds(59)));
    assertTrue(client.isExpired(NOW.plusSeconds(60)));
  }

  @Test
  void a_stalled_client_does_not_hold_up_a_fast_one_nor_the_sender() {
    FakeConnection slowConnection = new FakeConnection();
    SseClient slow =
        started(client(slowConnection, new Caller("alice", false), 100), slowConnection);
    SseClient fast = started(alice(100), connection);
    slowConnection.stalled = true; // and it never drains
    FanOut fanOut = new FanOut(Runnable::run, 1);
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          for (long id = 1; id <= 50; id++) {
            slow.offer(live(id));
            fast.offer(live(id));
            fanOut.run(List.of(slow, fast), SseClient::flush);
          }
        });
    assertEquals(ids(1, 50), connection.ids());
    assertEquals(List.of(1L), slowConnection.ids());
    assertFalse(slow.isClosed(), "50 events fit its queue");
  }

  @Test
  void many_senders_flushing_at_once_write_one_at_a_time_in_order_without_duplicates()
      throws Exception {
    SseClient client = started(alice(100_000), connection);
    int events = 20_000;
    ExecutorService senders = Executors.newFixedThreadPool(4);
    CountDownLatch offered = new CountDownLatch(1);
    try {
      for (int t = 0; t < 4; t++) {
        senders.execute(
            () -> {
              while (offered.getCount() > 0) {
                client.flush();
              }
              client.flush();
            });
      }
      for (long id = 1; id <= events; id++) {
        client.offer(live(id));
        if (id % 1000 == 0) {
          connection.stalled = !connection.stalled;
          if (!connection.stalled) {
            connection.drained();
          }
        }
      }
      connection.stalled = false;
      offered.countDown();
      senders.shutdown();
      assertTrue(senders.awaitTermination(30, TimeUnit.SECONDS));
      connection.drained(); // finishes a write that stalled at the end, if one did
    } finally {
      senders.shutdownNow();
    }
    assertFalse(connection.overlapped, "never two writers at once");
    assertEquals(ids(1, events), connection.ids());
  }
}
