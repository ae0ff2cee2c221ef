package io.tasklane.it;

import static io.tasklane.support.ClientEvents.taskOf;
import static io.tasklane.support.Clients.json;
import static io.tasklane.support.Clients.refusal;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tasklane.client.TaskEvent;
import io.tasklane.client.TasklaneClient;
import io.tasklane.client.TasksApi;
import io.tasklane.support.Api;
import io.tasklane.support.ClientEvents;
import io.tasklane.support.Clients;
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
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live event stream on a real server. What events a caller gets (a task's in order, a batch's
 * queue places, only one's own tasks, exactly the missed ones on a resume) is read through
 * Tasklane's Java client's typed listener. What a browser's EventSource sees on the wire (frames
 * with their {@code id:} and {@code retry:} lines, headers, authentication by header and by {@code
 * ?token=}, {@code Last-Event-ID} and {@code last_event_id}, heartbeats, who gets the machine's
 * figures, HEAD, the per-user cap, streams the server ends, which the client's listener would
 * reopen) is read by a raw SSE client. The server runs with a one-second heartbeat so that dead and
 * expired streams are noticed quickly, and tasks that need no cores.
 */
class TaskEventsIT {
  static final String ADMIN_PASSWORD = "events-admin-secret";
  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final String STREAM = "api/system/task-events";
  static final int PER_USER_CAP = 200;

  static final TasksApi.SubmitTask QUICK =
      new TasksApi.SubmitTask(
          "backtest",
          json(
              "{'data':'synthetic','symbol':'BTC_USDT','start_date':'2023-01-01','end_date':'2023-12-31','timeframe':'1h'}"),
          null,
          null,
          null,
          0.0,
          0.25,
          null);

  static TestDatabase db;
  static PayaraProcess server;
  static String dataDir;
  static Clients clients;
  static TasklaneClient admin;
  static TasklaneClient alice;
  static TasklaneClient bob;

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
    clients = new Clients(server.baseUrl(), ADMIN_PASSWORD);
    admin = clients.admin();
    alice = clients.newUser("alice");
    bob = clients.newUser("bob");
  }

  @AfterAll
  static void stop() throws Exception {
    if (clients != null) {
      clients.close();
    }
    if (server != null) {
      server.close();
    }
    if (db != null) {
      db.close();
    }
  }

  static UUID submit(TasklaneClient who) {
    return who.tasks().submit(QUICK).taskId();
  }

  /** A raw stream signed in by header. */
  static EventStream open(TasklaneClient who) {
    return EventStream.open(server.baseUrl(), STREAM, Map.of("Authorization", bearer(who)));
  }

  static String bearer(TasklaneClient who) {
    return "Bearer " + token(who);
  }

  /** The token the client holds now, for the raw requests. */
  static String token(TasklaneClient who) {
    return who.tokens().get();
  }

  /** {@code events} up to and including {@code last} (that very event). */
  static List<TaskEvent> upTo(List<TaskEvent> events, TaskEvent last) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) == last) {
        return events.subList(0, i + 1);
      }
    }
    throw new AssertionError(last + " is not among " + events);
  }

  /** The events of a raw stream read up to and including the first that is {@code last}. */
  static List<Event> readUntil(EventStream stream, Predicate<Event> last) {
    List<Event> read = new ArrayList<>();
    Event event;
    do {
      event = stream.next(PATIENCE);
      read.add(event);
    } while (!last.test(event));
    return read;
  }

  @Test
  void a_batchs_tasks_are_announced_queued_in_consecutive_places_of_their_lane() {
    try (ClientEvents stream = clients.listen(admin)) {
      assertInstanceOf(TaskEvent.InitialState.class, stream.received().get(0));
      List<UUID> ids =
          alice.tasks().submitBatch(new TasksApi.Batch(List.of(QUICK, QUICK))).taskIds();

      TaskEvent.TaskQueued a =
          stream.await(TaskEvent.TaskQueued.class, e -> e.taskId().equals(ids.get(0)), PATIENCE);
      TaskEvent.TaskQueued b =
          stream.await(TaskEvent.TaskQueued.class, e -> e.taskId().equals(ids.get(1)), PATIENCE);

      // Stored in the same instant, they queue in id order, so either may be first.
      long low = Math.min(a.queuePosition(), b.queuePosition());
      long high = Math.max(a.queuePosition(), b.queuePosition());
      assertTrue(low >= 1, a::toString);
      assertEquals(low + 1, high, "queued one after the other: " + a + " " + b);
    }
  }

  @Test
  void a_tasks_events_arrive_in_order_queued_running_progress_completed() {
    try (ClientEvents stream = clients.listen(admin)) {
      TaskEvent.InitialState initial =
          assertInstanceOf(TaskEvent.InitialState.class, stream.received().get(0));
      assertTrue(initial.queue().containsKey("queued_count"), initial::toString);

      UUID id = submit(alice);
      TaskEvent.TaskCompleted done =
          stream.await(TaskEvent.TaskCompleted.class, e -> e.taskId().equals(id), PATIENCE);
      List<TaskEvent> events =
          upTo(stream.received(), done).stream().filter(e -> id.equals(taskOf(e))).toList();

      assertEquals(
          List.of(
              TaskEvent.TaskQueued.class,
              TaskEvent.TaskRunning.class,
              TaskEvent.TaskProgress.class,
              TaskEvent.TaskCompleted.class),
          events.stream().map(Object::getClass).distinct().toList());
      assertTrue(events.stream().allMatch(e -> e.id() != null), "every event carries an id");
      for (int i = 1; i < events.size(); i++) {
        assertTrue(events.get(i).id() > events.get(i - 1).id(), "ids increase: " + events);
      }
      TaskEvent.TaskQueued queued = (TaskEvent.TaskQueued) events.get(0);
      assertEquals("backtest", queued.taskType());
      assertEquals("alice", queued.userId());
      assertTrue(queued.queuePosition() >= 1, queued::toString);
      assertEquals(0.25, queued.estimatedRamGb(), 1e-9);
      assertTrue(done.success());
      assertEquals("completed", done.status());
      assertTrue(done.result().containsKey("total_return"), done::toString);
      assertFalse(done.result().containsKey("equity_curve"), "a summary, not the curve");
      assertTrue(events.stream().allMatch(e -> resources(e) != null), "admins get the figures");
      assertTrue(
          events.stream()
              .filter(TaskEvent.TaskProgress.class::isInstance)
              .allMatch(e -> ((TaskEvent.TaskProgress) e).description() != null),
          () -> "every progress update says what the task does: " + events);
    }
  }

  /** The machine's figures a task event carries (admins only), or null. */
  static JsonObject resources(TaskEvent event) {
    if (event instanceof TaskEvent.OfTask ofTask) {
      return ofTask.resources();
    }
    throw new IllegalArgumentException("not a task event: " + event);
  }

  /** Raw: the first frame's {@code id:} and {@code retry:} lines are what EventSource reads. */
  @Test
  void an_admins_first_frame_is_the_initial_state_with_an_id_a_retry_delay_and_the_figures() {
    try (EventStream stream = open(admin)) {
      Event initial = stream.next(PATIENCE);
      assertEquals("initial_state", initial.type());
      assertNotNull(initial.id(), "every event carries an id");
      assertNotNull(initial.retry(), "the first event tells the client how soon to reconnect");
      assertTrue(initial.data().containsKey("queued_count"));
      assertTrue(initial.json().containsKey("resources"), "admins get the figures");
    }
  }

  @Test
  void a_user_sees_only_their_own_tasks() {
    try (ClientEvents stream = clients.listen(alice)) {
      assertInstanceOf(TaskEvent.InitialState.class, stream.received().get(0));

      UUID bobs = submit(bob);
      Clients.awaitStatus(bob, bobs, "completed", PATIENCE);
      UUID alices = submit(alice);
      TaskEvent.TaskCompleted completed =
          stream.await(TaskEvent.TaskCompleted.class, e -> e.taskId().equals(alices), PATIENCE);
      assertTrue(completed.success());
      // The stream is in order: by a heartbeat after her task's end, any of bob's would be here.
      stream.awaitAfter(completed, TaskEvent.Heartbeat.class, e -> true, Duration.ofSeconds(5));

      for (TaskEvent e : stream.received()) {
        assertNotEquals(bobs, taskOf(e), () -> "alice never sees bob's task: " + e);
      }
    }
  }

  /**
   * Raw: whether a frame carries the {@code resources} key is the wire, read here as a browser
   * signed in by {@code ?token=} reads it.
   */
  @Test
  void a_user_never_gets_the_machines_figures_on_any_frame() {
    try (EventStream aliceStream =
        EventStream.open(server.baseUrl(), STREAM + "?token=" + token(alice), Map.of())) {
      Event initial = aliceStream.next(PATIENCE);
      assertEquals("initial_state", initial.type());
      assertFalse(initial.json().containsKey("resources"));

      String alices = submit(alice).toString();
      List<Event> all = new ArrayList<>(List.of(initial));
      all.addAll(
          readUntil(aliceStream, e -> e.isAbout(alices) && e.type().equals("task_completed")));
      assertTrue(all.get(all.size() - 1).data().getBoolean("success"));
      all.addAll(readUntil(aliceStream, e -> e.type().equals("heartbeat")));
      assertFalse(
          all.get(all.size() - 1).json().containsKey("resources"),
          "heartbeats: no figures for users");

      all.addAll(aliceStream.drain());
      assertTrue(all.stream().anyMatch(e -> e.isAbout(alices) && e.type().equals("task_queued")));
      for (Event e : all) {
        assertFalse(e.json().containsKey("resources"), "no figures for users: " + e.json());
      }
    }
  }

  /** Raw: heartbeats and who gets figures on them are the wire. */
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

  /** Raw: response headers. */
  @Test
  void the_stream_is_never_cached_nor_buffered_by_proxies() {
    try (EventStream stream = open(alice)) {
      var headers = stream.response().headers();
      assertTrue(headers.firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
      assertEquals("no-cache", headers.firstValue("Cache-Control").orElse(""));
      assertEquals("no", headers.firstValue("X-Accel-Buffering").orElse(""));
    }
  }

  /** Raw: the refusal's content type and body, and tokens the client would never send. */
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

  /** Raw: the end of the stream is under test, which the client's listener would reopen. */
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
  void a_resumed_listener_gets_exactly_the_events_it_missed_then_each_new_one_once() {
    try (ClientEvents reference = clients.listen(alice)) {
      long lastSeen;
      UUID first;
      try (ClientEvents interrupted = clients.listen(alice)) {
        first = submit(alice);
        interrupted.await(TaskEvent.TaskQueued.class, e -> e.taskId().equals(first), PATIENCE);
        interrupted.close();
        lastSeen = interrupted.lastEventId();
      }
      // While disconnected: the task runs to its end and another one is submitted.
      Clients.awaitStatus(alice, first, "completed", PATIENCE);
      UUID second = submit(alice);
      Clients.awaitStatus(alice, second, "completed", PATIENCE);
      TaskEvent.TaskCompleted secondDone =
          reference.await(TaskEvent.TaskCompleted.class, e -> e.taskId().equals(second), PATIENCE);
      List<TaskEvent> expected =
          upTo(reference.received(), secondDone).stream()
              .filter(e -> !(e instanceof TaskEvent.Heartbeat) && e.id() > lastSeen)
              .toList();
      assertTrue(expected.stream().anyMatch(e -> second.equals(taskOf(e))), expected::toString);

      try (ClientEvents resumed = clients.listen(alice, lastSeen)) {
        Api.eventually("the missed events replayed")
            .atMost(PATIENCE)
            .until(() -> withoutHeartbeats(resumed.received()).size() >= expected.size());
        List<TaskEvent> replayed =
            withoutHeartbeats(resumed.received()).subList(0, expected.size());
        assertEquals(eventIds(expected), eventIds(replayed));
        assertEquals(expected, replayed, "the same events, field by field");

        // Then live, with nothing sent twice.
        UUID third = submit(alice);
        TaskEvent.TaskCompleted thirdDone =
            resumed.await(TaskEvent.TaskCompleted.class, e -> e.taskId().equals(third), PATIENCE);
        List<TaskEvent> afterReplay = withoutHeartbeats(upTo(resumed.received(), thirdDone));
        List<TaskEvent> live = afterReplay.subList(expected.size(), afterReplay.size());
        assertTrue(
            live.stream().allMatch(x -> third.equals(taskOf(x))), "only the new task: " + live);
        assertEquals(live.size(), eventIds(live).stream().distinct().count(), "no duplicates");
        assertTrue(live.get(0).id() > replayed.get(replayed.size() - 1).id());
      }
    }
  }

  static List<TaskEvent> withoutHeartbeats(List<TaskEvent> events) {
    return events.stream().filter(e -> !(e instanceof TaskEvent.Heartbeat)).toList();
  }

  static List<Long> eventIds(List<TaskEvent> events) {
    return events.stream().map(TaskEvent::id).toList();
  }

  /**
   * Raw: the {@code Last-Event-ID} header a browser's EventSource sends on reconnecting, and the
   * {@code last_event_id} parameter for clients that cannot set headers, replay the same frames the
   * stream had sent, text for text.
   */
  @Test
  void a_browser_resuming_by_header_or_by_parameter_gets_exactly_the_frames_it_missed() {
    try (EventStream reference = open(alice)) {
      assertEquals("initial_state", reference.next(PATIENCE).type());
      String id = submit(alice).toString();
      List<Event> seen =
          readUntil(reference, e -> e.isAbout(id) && e.type().equals("task_completed"));
      long lastSeen =
          seen.stream()
              .filter(e -> e.isAbout(id) && e.type().equals("task_queued"))
              .findFirst()
              .orElseThrow()
              .id();
      List<Event> expected =
          seen.stream()
              .filter(e -> e.id() != null && !e.type().equals("heartbeat") && e.id() > lastSeen)
              .toList();
      assertTrue(expected.size() >= 3, "running, progress and completed: " + expected);

      try (EventStream byHeader =
          EventStream.open(
              server.baseUrl(),
              STREAM,
              Map.of("Authorization", bearer(alice), "Last-Event-ID", Long.toString(lastSeen)))) {
        assertReplayed(expected, byHeader);
      }
      try (EventStream byParameter =
          EventStream.open(
              server.baseUrl(),
              STREAM + "?token=" + token(alice) + "&last_event_id=" + lastSeen,
              Map.of())) {
        assertReplayed(expected, byParameter);
      }
    }
  }

  static void assertReplayed(List<Event> expected, EventStream resumed) {
    List<Event> replayed = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      replayed.add(resumed.await(x -> !x.type().equals("heartbeat"), PATIENCE));
    }
    assertEquals(ids(expected), ids(replayed));
    assertEquals(
        expected.stream().map(x -> x.json().toString()).toList(),
        replayed.stream().map(x -> x.json().toString()).toList());
  }

  static List<Long> ids(List<Event> events) {
    return events.stream().map(Event::id).toList();
  }

  /** Raw: two hundred streams held at once, the 201st's 429 and its Retry-After header. */
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

      String id = submit(bob).toString();
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
      assertDoesNotThrow(
          () -> alice.tasks().list(null, null, null, null, null, null, null, null, null, 0, 50),
          "other users and the API are not affected");
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
    return admin.system().eventStats().openConnections();
  }

  @Test
  void connection_counts_are_for_admins_only() {
    assertEquals(403, refusal(() -> alice.system().eventStats()));
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
                .jwtID(UUID.randomUUID().toString()) // MicroProfile JWT requires one on the API
                .issueTime(Date.from(expires.minusSeconds(3600)))
                .expirationTime(Date.from(expires))
                .build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  /**
   * The API remembers a token it has verified once, so as not to verify it in full on every request
   * (VerifiedTokenCache): a remembered token still stops counting at its expiry, and a token that
   * differs from it only in its signature is never taken for it.
   */
  @Test
  void a_token_the_api_remembers_still_expires_and_an_altered_copy_is_refused() throws Exception {
    Instant expires = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
    String token = signed(serverKey(), "alice", expires);
    Api api = Api.anonymous(server.baseUrl()).withToken(token);
    assertEquals(200, api.get("api/tasks").status(), "verified in full");
    assertEquals(200, api.get("api/tasks").status(), "remembered");

    // A character inside the signature, not its last one, whose low bits may be padding.
    int inSignature = token.lastIndexOf('.') + 20;
    char other = token.charAt(inSignature) == 'A' ? 'B' : 'A';
    String altered = token.substring(0, inSignature) + other + token.substring(inSignature + 1);
    Api.Reply refused = api.withToken(altered).get("api/tasks");
    assertEquals(401, refused.status(), refused.body());
    assertFalse(refused.body().contains("eyJ"), "a token is never echoed: " + refused.body());

    Api.pause(Math.max(0, Duration.between(Instant.now(), expires).toMillis()) + 200);
    assertEquals(401, api.get("api/tasks").status(), "expired, though remembered");
  }

  // --- revocation and exhaustion

  /**
   * Raw streams: their end is under test, which the client's listener would reopen (signing in
   * anew); the refusals' bodies too.
   */
  @Test
  void a_revoked_users_open_stream_is_closed_within_seconds_and_cannot_be_reopened() {
    String name = Deployments.unique("dora");
    String revoked = token(clients.newUser(name));
    try (EventStream stream =
        EventStream.open(server.baseUrl(), STREAM, Map.of("Authorization", "Bearer " + revoked))) {
      assertEquals("initial_state", stream.next(PATIENCE).type());
      admin.users().signOut(name);
      assertTrue(stream.awaitEnd(Duration.ofSeconds(5)), "signed out everywhere: stream ended");
    }
    assertRefused(EventStream.probe(server.baseUrl(), STREAM + "?token=" + revoked, Map.of()));

    String again = token(clients.signIn(name, Clients.PASSWORD));
    try (EventStream stream =
        EventStream.open(server.baseUrl(), STREAM, Map.of("Authorization", "Bearer " + again))) {
      assertEquals("initial_state", stream.next(PATIENCE).type());
      admin.users().disable(name);
      assertTrue(stream.awaitEnd(Duration.ofSeconds(5)), "disabled: stream ended");
    }
    assertRefused(
        EventStream.probe(server.baseUrl(), STREAM, Map.of("Authorization", "Bearer " + again)));
  }

  /** Raw: HEAD, which the client never sends. */
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

  /** Raw sockets: abandoned and reset connections, as from clients that died. */
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
