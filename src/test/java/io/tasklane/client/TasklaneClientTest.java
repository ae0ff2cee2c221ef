package io.tasklane.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.jnh.connector.JavaNetHttpConnectorProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a stand-in server: JSON mapping, problems, tokens and the event stream. */
class TasklaneClientTest {
  static final UUID ID = UUID.fromString("5f0c7a53-2b8e-4d43-9a51-0c1d2e3f4a5b");

  static final String TOKEN =
      "{\"access_token\":\"t1\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"roles\":[\"user\"]}";

  static String task(String status) {
    return ("{'task_id':'"
            + ID
            + "','task_type':'backtest','lane':'local','status':'"
            + status
            + "','priority':5,'user_id':'alice','parameters':{'symbol':'BTC_USDT'},"
            + "'estimated_cpu_cores':1.0,'estimated_ram_gb':0.5,'description':null,'progress':100,"
            + "'queue_position':null,'blocked_reason':null,'result':{'bars':366,'sharpe_ratio':1.25},"
            + "'error':null,'attempts':1,'max_attempts':3,'timeout_seconds':3600,"
            + "'queued_at':'2026-01-02T03:04:05Z','started_at':'2026-01-02T03:04:06.5Z',"
            + "'finished_at':null,'external':null}")
        .replace('\'', '"');
  }

  FakeServer server;
  TasklaneClient client;

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer();
    server.on("/api/auth/token", exchange -> FakeServer.json(exchange, 200, TOKEN));
    client = TasklaneClient.signIn(server.uri(), "alice", "secret");
    server.requests.clear();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void a_task_answer_is_read_from_snake_case_into_the_record() {
    server.on("/api/tasks/", exchange -> FakeServer.json(exchange, 200, task("completed")));

    TaskView task = client.tasks().get(ID);

    assertEquals(ID, task.taskId());
    assertEquals("backtest", task.taskType());
    assertEquals("alice", task.userId());
    assertEquals(1.0, task.estimatedCpuCores());
    assertEquals(3, task.maxAttempts());
    assertEquals(3600, task.timeoutSeconds());
    assertEquals(366, task.result().getInt("bars"));
    assertEquals(Instant.parse("2026-01-02T03:04:06.5Z"), task.startedAt());
    assertNull(task.finishedAt());
    assertNull(task.queuePosition());
    assertTrue(task.finished());
  }

  @Test
  void a_submission_goes_out_in_snake_case_with_the_token_and_without_unset_fields()
      throws Exception {
    server.on(
        "/api/tasks",
        exchange ->
            FakeServer.json(
                exchange,
                202,
                "{\"task_id\":\""
                    + ID
                    + "\",\"status\":\"queued\",\"queue_position\":2,\"message\":\"m\"}"));

    TasksApi.Accepted accepted =
        client
            .tasks()
            .submit(
                TasksApi.SubmitTask.of(
                        "backtest", Json.createObjectBuilder().add("symbol", "BTC_USDT").build())
                    .withPriority(7));

    assertEquals(ID, accepted.taskId());
    assertEquals(2L, accepted.queuePosition());
    FakeServer.Request sent = server.requests.poll(5, TimeUnit.SECONDS);
    assertEquals("POST", sent.method());
    assertEquals("Bearer t1", sent.authorization());
    assertTrue(sent.contentType().startsWith("application/json"), sent.contentType());
    assertEquals(
        Json.createReader(
                new java.io.StringReader(
                    "{\"task_type\":\"backtest\",\"parameters\":{\"symbol\":\"BTC_USDT\"},\"priority\":7}"))
            .readObject(),
        Json.createReader(new java.io.StringReader(sent.body())).readObject());
  }

  @Test
  void list_filters_left_null_are_not_sent_and_paging_is() throws Exception {
    server.on(
        "/api/tasks",
        exchange ->
            FakeServer.json(
                exchange,
                200,
                "{\"items\":[" + task("queued") + "],\"page\":1,\"size\":10,\"total\":11}"));

    TasksApi.Page page =
        client.tasks().list("queued", null, null, null, null, null, null, null, null, 1, 10);

    assertEquals(11, page.total());
    assertEquals(ID, page.items().get(0).taskId());
    assertEquals(
        "/api/tasks?status=queued&page=1&size=10", server.requests.poll(5, TimeUnit.SECONDS).uri());
  }

  @Test
  void a_priority_change_is_a_patch_and_a_csv_import_is_text_csv() throws Exception {
    server.on("/api/tasks/", exchange -> FakeServer.json(exchange, 200, task("queued")));
    server.on(
        "/api/market-data/",
        exchange ->
            FakeServer.json(
                exchange,
                200,
                "{\"symbol\":\"AAPL\",\"timeframe\":\"1d\",\"received\":1,\"inserted\":1,\"unchanged\":0,\"replaced\":0,"
                    + "\"series\":{\"symbol\":\"AAPL\",\"timeframe\":\"1d\",\"first_bar\":\"2024-01-02T00:00:00Z\","
                    + "\"last_bar\":\"2024-01-02T00:00:00Z\",\"bar_count\":1,\"source\":\"import\",\"updated_at\":\"2026-01-01T00:00:00Z\"}}"));

    // Jersey's default connector (HttpURLConnection) cannot send PATCH on Java 17 (README).
    Client jdkHttp =
        ClientBuilder.newClient(
            new ClientConfig().connectorProvider(new JavaNetHttpConnectorProvider()));
    try (TasklaneClient overJdkHttp =
        TasklaneClient.of(jdkHttp, server.uri(), TokenProvider.fixed("t1"))) {
      overJdkHttp.tasks().reprioritize(ID, new TasksApi.PriorityChange(9));
    } finally {
      jdkHttp.close();
    }
    MarketDataApi.ImportSummary imported =
        client.marketData().importCsv("AAPL", "1d", null, true, null, "time,open\n");

    FakeServer.Request patch = server.requests.poll(5, TimeUnit.SECONDS);
    assertEquals("PATCH", patch.method());
    assertEquals("{\"priority\":9}", patch.body());
    FakeServer.Request csv = server.requests.poll(5, TimeUnit.SECONDS);
    assertEquals("/api/market-data/AAPL?timeframe=1d&replace=true", csv.uri());
    assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
    assertEquals("time,open\n", csv.body());
    assertEquals(1, imported.series().barCount());
  }

  @Test
  void a_problem_answer_is_thrown_with_its_status_title_and_detail() {
    server.on(
        "/api/tasks",
        exchange -> {
          exchange.getResponseHeaders().set("Retry-After", "5");
          FakeServer.send(
              exchange,
              429,
              "application/problem+json",
              "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,\"detail\":\"slow down\"}");
        });

    TasklaneProblemException problem =
        assertThrows(
            TasklaneProblemException.class,
            () -> client.tasks().list(null, null, null, null, null, null, null, null, null, 0, 50));

    assertEquals(429, problem.status());
    assertEquals("Too Many Requests", problem.title());
    assertEquals("slow down", problem.detail());
    assertEquals(Optional.of(Duration.ofSeconds(5)), problem.retryAfter());
  }

  @Test
  void an_error_that_is_not_a_problem_document_keeps_its_status_and_body() {
    server.on(
        "/api/system/queue",
        exchange -> FakeServer.send(exchange, 502, "text/html", "<h1>Bad gateway</h1>"));

    TasklaneProblemException problem =
        assertThrows(TasklaneProblemException.class, () -> client.system().queue());

    assertEquals(502, problem.status());
    assertEquals("<h1>Bad gateway</h1>", problem.detail());
    assertFalse(problem.retryAfter().isPresent());
  }

  @Test
  void a_refused_sign_in_is_a_401_problem() {
    server.on(
        "/api/auth/token",
        exchange ->
            FakeServer.send(
                exchange,
                401,
                "application/problem+json",
                "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Unknown user, wrong password or disabled account.\"}"));

    TasklaneProblemException problem =
        assertThrows(
            TasklaneProblemException.class,
            () -> TasklaneClient.signIn(server.uri(), "alice", "wrong"));

    assertEquals(401, problem.status());
    assertTrue(problem.detail().startsWith("Unknown user"), problem.detail());
  }

  @Test
  void events_are_typed_and_a_reconnection_resumes_after_the_last_one_received() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    server.on(
        "/api/system/task-events",
        exchange -> {
          OutputStream out = FakeServer.stream(exchange);
          if (connections.incrementAndGet() == 1) {
            FakeServer.frame(
                out,
                41,
                "{\"type\":\"initial_state\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{\"queued_count\":0}}");
            FakeServer.frame(
                out,
                42,
                ("{'type':'task_queued','timestamp':'2026-01-01T00:00:01Z','data':{'task_id':'"
                        + ID
                        + "','task_type':'backtest','user_id':'alice','status':'queued','queue_position':1,"
                        + "'estimated_cpu_cores':1.0,'estimated_ram_gb':0.5}}")
                    .replace('\'', '"'));
            return; // the server ends the stream (an expired token, a restart)
          }
          FakeServer.frame(
              out,
              43,
              ("{'type':'task_completed','timestamp':'2026-01-01T00:00:02Z','data':{'task_id':'"
                      + ID
                      + "','task_type':'backtest','user_id':'alice','status':'completed','success':true,"
                      + "'result':{'sharpe_ratio':1.5}}}")
                  .replace('\'', '"'));
          await(release);
        });
    BlockingQueue<TaskEvent> received = new LinkedBlockingQueue<>();

    try (TaskEventListener listener = client.listen(received::add)) {
      assertInstanceOf(TaskEvent.InitialState.class, received.poll(10, TimeUnit.SECONDS));
      TaskEvent.TaskQueued queued =
          assertInstanceOf(TaskEvent.TaskQueued.class, received.poll(10, TimeUnit.SECONDS));
      assertEquals(ID, queued.taskId());
      assertEquals(1L, queued.queuePosition());
      assertEquals(42L, queued.id());
      TaskEvent.TaskCompleted completed =
          assertInstanceOf(TaskEvent.TaskCompleted.class, received.poll(10, TimeUnit.SECONDS));
      assertTrue(completed.success());
      assertEquals(1.5, completed.result().getJsonNumber("sharpe_ratio").doubleValue());
      assertEquals(43L, listener.lastEventId());
    } finally {
      release.countDown();
    }
    List<FakeServer.Request> streams =
        server.requests.stream().filter(r -> r.uri().contains("task-events")).toList();
    assertNull(streams.get(0).lastEventId());
    assertEquals("Bearer t1", streams.get(0).authorization());
    assertEquals("42", streams.get(1).lastEventId());
  }

  @Test
  void await_completion_hears_of_the_end_on_the_stream_and_answers_the_full_task()
      throws Exception {
    CountDownLatch read = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger reads = new AtomicInteger();
    server.on(
        "/api/tasks/",
        exchange -> {
          boolean first = reads.incrementAndGet() == 1;
          FakeServer.json(exchange, 200, task(first ? "running" : "completed"));
          read.countDown();
        });
    server.on(
        "/api/system/task-events",
        exchange -> {
          OutputStream out = FakeServer.stream(exchange);
          FakeServer.frame(
              out,
              1,
              "{\"type\":\"initial_state\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{}}");
          await(read); // the client has read the task as running: now it ends
          FakeServer.frame(
              out,
              2,
              ("{'type':'task_completed','timestamp':'2026-01-01T00:00:02Z','data':{'task_id':'"
                      + ID
                      + "','task_type':'backtest','user_id':'alice','status':'completed','success':true,'result':{}}}")
                  .replace('\'', '"'));
          await(release);
        });

    try {
      TaskView done = client.awaitCompletion(ID, Duration.ofSeconds(20));
      assertEquals("completed", done.status());
      assertEquals(366, done.result().getInt("bars"));
      assertEquals(2, reads.get());
    } finally {
      release.countDown();
    }
  }

  @Test
  void await_completion_gives_up_at_its_timeout() {
    server.on("/api/tasks/", exchange -> FakeServer.json(exchange, 200, task("running")));
    CountDownLatch release = new CountDownLatch(1);
    server.on(
        "/api/system/task-events",
        exchange -> {
          OutputStream out = FakeServer.stream(exchange);
          FakeServer.frame(
              out,
              1,
              "{\"type\":\"initial_state\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{}}");
          await(release);
        });
    try {
      assertThrows(
          java.util.concurrent.TimeoutException.class,
          () -> client.awaitCompletion(ID, Duration.ofMillis(1500)));
    } finally {
      release.countDown();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
