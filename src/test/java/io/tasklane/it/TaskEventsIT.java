package io.tasklane.it;

import static io.tasklane.support.Api.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tasklane.support.Api;
import io.tasklane.support.Deployments;
import io.tasklane.support.EventStream;
import io.tasklane.support.EventStream.Event;
import io.tasklane.support.PayaraProcess;
import io.tasklane.support.RawHttp;
import io.tasklane.support.TestDatabase;
import jakarta.json.JsonObject;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live event stream on a real server, read by a raw HTTP client as a browser's EventSource
 * would: a task's events in order, who sees what, authentication by header and by {@code ?token=},
 * resuming with {@code Last-Event-ID}, and many clients at once. The server runs with a one-second
 * heartbeat so that dead and expired streams are noticed quickly, and tasks that need no cores.
 */
class TaskEventsIT {
  static final String ADMIN_PASSWORD = "events-admin-secret";
  static final String PASSWORD = "events-user-secret";
  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final String STREAM = "api/system/task-events";
  static final int PER_USER_CAP = 200;

  static final String QUICK =
      q(
          "{'task_type':'backtest','estimated_cpu_cores':0,'estimated_ram_gb':0.25,'parameters':{'data':'synthetic','symbol':'BTC_USDT','start_date':'2023-01-01','end_date':'2023-12-31','timeframe':'1h'}}");

  static TestDatabase db;
  static PayaraProcess server;
  static String dataDir;
  static Api admin;
  static Api alice;
  static Api bob;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.create("events");
    Map<String, String> environment = new HashMap<>(db.environment());
    environment.put("TASKLANE_ADMIN_PASSWORD", ADMIN_PASSWORD);
    environment.put("TASKLANE_EVENTS_HEARTBEAT_SECONDS", "1");
    // Two hundred streams of one user below; the cap itself is tested there as the 201st.
    environment.put("TASKLANE_EVENTS_MAX_STREAMS_PER_USER", String.valueOf(PER_USER_CAP));
    // The events are under test, not admission: on a machine shared with busy builds the resource
    // rule could hold tasks for minutes, so it admits anything that needs no cores here.
    environment.put("TASKLANE_RESOURCES_BUFFER_PERCENT", "0");
    dataDir = environment.get("TASKLANE_DATA_DIR");
    server = PayaraProcess.start("events-" + System.getProperty("it.database", "h2"), environment);
    admin = Api.anonymous(server.baseUrl()).as("admin", ADMIN_PASSWORD);
    alice = user("alice");
    bob = user("bob");
  }

  static Api user(String name) {
    Api.Reply created =
        admin.post(
            "api/admin/users",
            q("{'username':'" + name + "','password':'" + PASSWORD + "','roles':['user']}"));
    assertEquals(201, created.status(), created::body);
    return Api.anonymous(server.baseUrl()).as(name, PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (db != null) {
      db.close();
    }
  }

  static EventStream open(Api who) {
    return EventStream.open(server.baseUrl(), STREAM, Map.of("Authorization", bearer(who)));
  }

  static String bearer(Api who) {
    return "Bearer " + token(who);
  }

  static String token(Api who) {
    return who.token();
  }

  @Test
  void a_batchs_tasks_are_announced_queued_in_consecutive_places_of_their_lane() {
    try (EventStream stream = open(admin)) {
      assertEquals("initial_state", stream.next(PATIENCE).type());
      Api.Reply accepted =
          alice.post("api/tasks/batch", "{\"tasks\":[" + QUICK + "," + QUICK + "]}");
      assertEquals(202, accepted.status(), accepted::body);
      String first = accepted.json().getJsonArray("task_ids").getString(0);
      String second = accepted.json().getJsonArray("task_ids").getString(1);

      Event a = stream.await(e -> e.isAbout(first) && e.type().equals("task_queued"), PATIENCE);
      Event b = stream.await(e -> e.isAbout(second) && e.type().equals("task_queued"), PATIENCE);

      // Stored in the same instant, they queue in id order, so either may be first.
      int low = Math.min(a.data().getInt("queue_position"), b.data().getInt("queue_position"));
      int high = Math.max(a.data().getInt("queue_position"), b.data().getInt("queue_position"));
      assertTrue(low >= 1, a::toString);
      assertEquals(low + 1, high, "queued one after the other: " + a + " " + b);
    }
  }

  @Test
  void a_tasks_events_arrive_in_order_queued_running_progress_completed() {
    try (EventStream stream = open(admin)) {
      Event initial = stream.next(PATIENCE);
      assertEquals("initial_state", initial.type());
      assertNotNull(initial.id(), "every event carries an id");
      assertNotNull(initial.retry(), "the first event tells the client how soon to reconnect");
      assertTrue(initial.data().containsKey("queued_count"));
      assertTrue(initial.json().containsKey("resources"), "admins get the figures");

      String id = alice.submit(QUICK);
      List<Event> events = new ArrayList<>();
      Event last;
      do {
        last = stream.await(e -> e.isAbout(id), PATIENCE);
        events.add(last);
      } while (!"task_completed".equals(last.type()));

      List<String> types = events.stream().map(Event::type).distinct().toList();
      assertEquals(
          List.of("task_queued", "task_running", "task_description_update", "task_completed"),
          types);
      for (int i = 1; i < events.size(); i++) {
        assertTrue(events.get(i).id() > events.get(i - 1).id(), "ids increase: " + events);
      }
      JsonObject queued = events.get(0).data();
      assertEquals("backtest", queued.getString("task_type"));
      assertEquals("alice", queued.getString("user_id"));
      assertTrue(queued.getInt("queue_position") >= 1);
      assertEquals(0.25, queued.getJsonNumber("estimated_ram_gb").doubleValue(), 1e-9);
      JsonObject done = last.data();
      assertTrue(done.getBoolean("success"));
      assertEquals("completed", done.getString("status"));
      assertTrue(done.getJsonObject("result").containsKey("total_return"));
      assertFalse(
          done.getJsonObject("result").containsKey("equity_curve"), "a summary, not the curve");
      assertTrue(events.stream().allMatch(e -> e.json().containsKey("resources")));
      assertTrue(
          events.stream()
              .filter(e -> e.type().equals("task_description_update"))
              .allMatch(e -> e.data().containsKey("description")));
    }
  }

  @Test
  void a_user_sees_only_their_own_tasks_and_never_resource_figures() {
    try (EventStream aliceStream =
        EventStream.open(server.baseUrl(), STREAM + "?token=" + token(alice), Map.of())) {
      Event initial = aliceStream.next(PATIENCE);
      assertEquals("initial_state", initial.type());
      assertFalse(initial.json().containsKey("resources"));

      String bobs = bob.submit(QUICK);
      bob.awaitStatus(bobs, "completed", PATIENCE);
      String alices = alice.submit(QUICK);
      Event completed =
          aliceStream.await(e -> e.isAbout(alices) && e.type().equals("task_completed"), PATIENCE);
      assertTrue(completed.data().getBoolean("success"));
      Event heartbeat = aliceStream.await(e -> e.type().equals("heartbeat"), Duration.ofSeconds(5));
      assertFalse(heartbeat.json().containsKey("resources"), "heartbeats: no figures for users");

      List<Event> all = new ArrayList<>(List.of(initial, completed, heartbeat));
      all.addAll(aliceStream.drain());
      for (Event e : all) {
        assertFalse(e.isAbout(bobs), "alice never sees bob's task: " + e.json());
        assertFalse(e.json().containsKey("resources"), "no figures for users: " + e.json());
      }
    }
  }

  @Test
  void heartbeats_arrive_and_carry_figures_for_admins_only() {
    try (EventStream stream = open(admin)) {
      Event heartbeat = stream.await(e -> e.type().equals("heartbeat"), Duration.ofSeconds(5));
      JsonObject resources = heartbeat.json().getJsonObject("resources");
      assertTrue(resources.getJsonObject("cpu").getInt("total_cores") > 0);
      assertTrue(resources.getJsonObject("ram").getJsonNumber("total_gb").doubleValue() > 0);
      assertNotNull(heartbeat.id());
    }
  }

  @Test
  void the_stream_is_never_cached_nor_buffered_by_proxies() {
    try (EventStream stream = open(alice)) {
      var headers = stream.response().headers();
      assertTrue(headers.firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
      assertEquals("no-cache", headers.firstValue("Cache-Control").orElse(""));
      assertEquals("no", headers.firstValue("X-Accel-Buffering").orElse(""));
    }
  }

  @Test
  void a_missing_bad_foreign_or_expired_token_is_refused_with_401() throws Exception {
    String base = server.baseUrl();
    assertRefused(EventStream.probe(base, STREAM, Map.of()));
    assertRefused(EventStream.probe(base, STREAM + "?token=not-a-token", Map.of()));
    assertRefused(EventStream.probe(base, STREAM + "?token=" + expiredToken(), Map.of()));
    assertRefused(EventStream.probe(base, STREAM + "?token=" + foreignToken(), Map.of()));
    assertRefused(
        EventStream.probe(base, STREAM, Map.of("Authorization", "Bearer " + expiredToken())));
  }

  static void assertRefused(EventStream.Probe probe) {
    assertEquals(401, probe.status(), probe.body());
    assertTrue(
        probe
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/problem+json"),
        probe.headers().toString());
    assertFalse(probe.body().contains("eyJ"), "a token is never echoed: " + probe.body());
  }

  @Test
  void an_expiring_token_ends_its_stream() throws Exception {
    // A JWT's exp is in whole seconds.
    Instant expires = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
    String token = signed(serverKey(), "alice", expires);
    try (EventStream stream =
        EventStream.open(server.baseUrl(), STREAM + "?token=" + token, Map.of())) {
      assertEquals("initial_state", stream.next(PATIENCE).type());
      stream.await(e -> e.type().equals("heartbeat"), Duration.ofSeconds(5));
      assertTrue(stream.awaitEnd(Duration.ofSeconds(10)), "the server ended the stream");
      assertFalse(Instant.now().isBefore(expires), "not before the token expired");
    }
  }

  @Test
  void reconnecting_with_last_event_id_gets_exactly_the_missed_events() {
    try (EventStream reference = open(alice)) {
      reference.next(PATIENCE);
      long lastSeen;
      String first;
      try (EventStream interrupted = open(alice)) {
        interrupted.next(PATIENCE);
        first = alice.submit(QUICK);
        lastSeen =
            interrupted
                .await(e -> e.isAbout(first) && e.type().equals("task_queued"), PATIENCE)
                .id();
      }
      // While disconnected: the task runs to its end and another one is submitted.
      alice.awaitStatus(first, "completed", PATIENCE);
      String second = alice.submit(QUICK);
      alice.awaitStatus(second, "completed", PATIENCE);
      List<Event> expected = new ArrayList<>();
      Event e;
      do {
        e = reference.await(x -> x.id() != null && !x.type().equals("heartbeat"), PATIENCE);
        if (e.id() > lastSeen) {
          expected.add(e);
        }
      } while (!(e.isAbout(second) && e.type().equals("task_completed")));

      try (EventStream resumed =
          EventStream.open(
              server.baseUrl(),
              STREAM,
              Map.of("Authorization", bearer(alice), "Last-Event-ID", Long.toString(lastSeen)))) {
        List<Event> replayed = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
          replayed.add(resumed.await(x -> !x.type().equals("heartbeat"), PATIENCE));
        }
        assertEquals(ids(expected), ids(replayed));
        assertEquals(
            expected.stream().map(x -> x.json().toString()).toList(),
            replayed.stream().map(x -> x.json().toString()).toList());

        // Then live, with nothing sent twice.
        String third = alice.submit(QUICK);
        List<Event> live = new ArrayList<>();
        do {
          e = resumed.await(x -> !x.type().equals("heartbeat"), PATIENCE);
          live.add(e);
        } while (!(e.isAbout(third) && e.type().equals("task_completed")));
        assertTrue(live.stream().allMatch(x -> x.isAbout(third)), "only the new task: " + live);
        assertEquals(live.size(), ids(live).stream().distinct().count(), "no duplicates");
        assertTrue(live.get(0).id() > replayed.get(replayed.size() - 1).id());
      }

      // The query parameter works the same way, for clients that cannot set headers.
      try (EventStream viaQuery =
          EventStream.open(
              server.baseUrl(),
              STREAM + "?token=" + token(alice) + "&last_event_id=" + lastSeen,
              Map.of())) {
        assertEquals(
            expected.get(0).id(),
            viaQuery.await(x -> !x.type().equals("heartbeat"), PATIENCE).id());
      }
    }
  }

  static List<Long> ids(List<Event> events) {
    return events.stream().map(Event::id).toList();
  }

  @Test
  void two_hundred_clients_of_a_user_all_receive_an_event_one_more_gets_429_and_none_is_held()
      throws Exception {
    int clients = PER_USER_CAP;
    // Streams closed by earlier tests are dropped at the latest by the next heartbeat.
    awaitNoOpenConnections();
    List<EventStream> streams = new ArrayList<>();
    ExecutorService openers = Executors.newFixedThreadPool(20);
    try {
      List<Future<EventStream>> opening = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        opening.add(
            openers.submit(
                () -> {
                  EventStream s =
                      EventStream.open(server.baseUrl(), STREAM + "?token=" + token(bob), Map.of());
                  s.next(PATIENCE);
                  return s;
                }));
      }
      for (Future<EventStream> f : opening) {
        streams.add(f.get());
      }
      assertEquals(clients, openConnections());

      String id = bob.submit(QUICK);
      for (EventStream s : streams) {
        assertEquals(
            "task_queued", s.await(e -> e.isAbout(id), PATIENCE).type(), "every client got it");
      }

      EventStream.Probe capped =
          EventStream.probe(server.baseUrl(), STREAM + "?token=" + token(bob), Map.of());
      assertEquals(429, capped.status(), capped.body());
      assertTrue(capped.body().contains("most allowed per user"), capped.body());
      assertEquals("1", capped.headers().firstValue("Retry-After").orElse(""), "one heartbeat");
      assertEquals(clients, openConnections(), "the refused one holds nothing");
      Api.Reply others = alice.get("api/tasks");
      assertEquals(200, others.status(), "other users and the API are not affected");
    } finally {
      openers.shutdownNow();
      streams.forEach(EventStream::close);
    }
    awaitNoOpenConnections();
    assertEquals(0, openConnections(), "the hub holds no client after they disconnect");
  }

  static void awaitNoOpenConnections() {
    Api.eventually("the hub holds no client after they disconnect")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> openConnections() == 0);
  }

  static int openConnections() {
    Api.Reply stats = admin.get(STREAM + "/stats");
    assertEquals(200, stats.status(), stats.body());
    return stats.json().getInt("open_connections");
  }

  @Test
  void connection_counts_are_for_admins_only() {
    assertEquals(403, alice.get(STREAM + "/stats").status());
  }

  // --- tokens signed outside the server

  static String expiredToken() throws Exception {
    return signed(serverKey(), "alice", Instant.now().minusSeconds(60));
  }

  static String foreignToken() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return signed(
        generator.generateKeyPair().getPrivate(), "alice", Instant.now().plusSeconds(600));
  }

  static PrivateKey serverKey() throws Exception {
    String pem =
        Files.readString(Path.of(dataDir, "jwt-private.pem"), StandardCharsets.US_ASCII)
            .replaceAll("-----[A-Z ]+-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
  }

  static String signed(PrivateKey key, String user, Instant expires) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
            new JWTClaimsSet.Builder()
                .issuer("tasklane")
                .subject(user)
                .claim("upn", user)
                .claim("groups", List.of("user"))
                .claim("token_generation", 0) // the accounts of this test keep their first
                .issueTime(Date.from(expires.minusSeconds(3600)))
                .expirationTime(Date.from(expires))
                .build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  // --- revocation and exhaustion

  @Test
  void a_revoked_users_open_stream_is_closed_within_seconds_and_cannot_be_reopened() {
    String name = Deployments.unique("dora");
    Api dora = user(name);
    try (EventStream stream = open(dora)) {
      assertEquals("initial_state", stream.next(PATIENCE).type());
      assertEquals(200, admin.post("api/admin/users/" + name + "/sign-out", "").status());
      assertTrue(stream.awaitEnd(Duration.ofSeconds(5)), "signed out everywhere: stream ended");
    }
    assertRefused(EventStream.probe(server.baseUrl(), STREAM + "?token=" + token(dora), Map.of()));

    Api again = Api.anonymous(server.baseUrl()).as(name, PASSWORD);
    try (EventStream stream = open(again)) {
      assertEquals("initial_state", stream.next(PATIENCE).type());
      assertEquals(200, admin.delete("api/admin/users/" + name).status());
      assertTrue(stream.awaitEnd(Duration.ofSeconds(5)), "disabled: stream ended");
    }
    assertRefused(
        EventStream.probe(server.baseUrl(), STREAM, Map.of("Authorization", bearer(again))));
  }

  @Test
  void two_thousand_heads_open_no_stream_and_leave_no_connection_behind() throws Exception {
    awaitNoOpenConnections();
    long descriptors = descriptors();
    Map<String, String> auth = Map.of("Authorization", bearer(alice));
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<RawHttp.Answer>> heads = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        heads.add(clients.submit(() -> RawHttp.request(server.baseUrl(), "HEAD", STREAM, auth)));
      }
      for (Future<RawHttp.Answer> head : heads) {
        RawHttp.Answer answer = head.get();
        assertEquals(200, answer.status(), answer::toString);
        assertTrue(answer.header("Content-Type").startsWith("text/event-stream"));
      }
    } finally {
      clients.shutdownNow();
    }
    assertEquals(0, openConnections(), "no HEAD registered a stream");
    awaitDescriptorsBelow(descriptors + 50);
  }

  @Test
  void three_hundred_abandoned_streams_are_dropped_within_one_heartbeat() throws Exception {
    awaitNoOpenConnections();
    long descriptors = descriptors();
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 300; i++) {
        sockets.add(rawStream(token(i % 2 == 0 ? alice : bob)));
      }
      assertEquals(300, openConnections());
    } finally {
      for (int i = 0; i < sockets.size(); i++) {
        Socket socket = sockets.get(i);
        if (i % 2 == 0) {
          socket.setSoLinger(true, 0); // a reset, as from a client that died
        }
        socket.close(); // else an orderly close the server is not told about until it writes
      }
    }
    // One heartbeat (1 s), and a second's slack for a busy two-core machine.
    Api.eventually("every abandoned stream dropped within a heartbeat (1 s)")
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> openConnections() == 0);
    awaitDescriptorsBelow(descriptors + 50);
  }

  /** A stream opened on a raw socket, read up to its initial state, then left to the test. */
  static Socket rawStream(String token) throws Exception {
    return RawHttp.eventStream(server.port(), STREAM, token);
  }

  /** Open file descriptors of the server process (sockets included). */
  static long descriptors() throws Exception {
    try (var fds = Files.list(Path.of("/proc", String.valueOf(server.pid()), "fd"))) {
      return fds.count();
    }
  }

  /** Closed sockets leave the server's descriptor table within seconds (TIME_WAIT holds none). */
  static void awaitDescriptorsBelow(long limit) {
    Api.eventually("descriptors back near their baseline of at most " + limit)
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(TaskEventsIT::descriptors, now -> now <= limit);
  }
}
