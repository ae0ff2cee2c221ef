package io.tasklane.it;

import static io.tasklane.support.Api.q;
import static io.tasklane.support.Clients.json;
import static io.tasklane.support.Clients.refusal;
import static io.tasklane.support.Clients.smallTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.client.AuthApi;
import io.tasklane.client.BacktestsApi;
import io.tasklane.client.BearerTokenFilter;
import io.tasklane.client.MarketDataApi;
import io.tasklane.client.ModelsApi;
import io.tasklane.client.PipelinesApi;
import io.tasklane.client.ReadmeExample;
import io.tasklane.client.SweepsApi;
import io.tasklane.client.SystemApi;
import io.tasklane.client.TaskView;
import io.tasklane.client.TasklaneClient;
import io.tasklane.client.TasklaneJson;
import io.tasklane.client.TasklaneProblemException;
import io.tasklane.client.TasksApi;
import io.tasklane.client.TokenProvider;
import io.tasklane.client.UsersApi;
import io.tasklane.support.Api;
import io.tasklane.support.Clients;
import io.tasklane.support.Deployments;
import io.tasklane.support.OpenApiDocument;
import io.tasklane.system.Problem;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.io.StringReader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The task API on a real Payara Micro (H2 or PostgreSQL, per failsafe execution). The server runs
 * one local task at a time here (TASKLANE_SCHEDULER_LOCAL_CONCURRENCY=1), so a long backtest holds
 * the only slot while the test acts on the tasks queued behind it. Callers go through Tasklane's
 * Java client; raw HTTP only for bad input, exact problems, headers, content types, the metrics and
 * health endpoints, and the raw answers held to the OpenAPI document.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TaskApiIT {
  static final String QUICK =
      q(
          "{'task_type':'backtest','parameters':{'symbol':'BTC_USDT','start_date':'2024-01-01','end_date':'2024-12-31'}}");

  /** About 5 million one-minute bars: holds the slot for a while. */
  static final String LONG =
      q(
          "{'task_type':'backtest','parameters':{'data':'synthetic','symbol':'ETH_USDT','start_date':'2010-01-01','end_date':'2019-12-31','timeframe':'1m'}}");

  /** Almost the 20 million bar limit: seconds of work. */
  static final String HUGE =
      q(
          "{'task_type':'backtest','parameters':{'data':'synthetic','symbol':'SOL_USDT','start_date':'1990-01-01','end_date':'2027-12-31','timeframe':'1m'}}");

  static final Duration PATIENCE = Duration.ofSeconds(60);

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.tasklane();
  }

  @ArquillianResource URL deployed;

  Clients clients;

  /** The admin through Tasklane's Java client, as a caller of the API. */
  TasklaneClient admin;

  /**
   * The admin over raw HTTP: for bad input, exact problems, headers, content types and the raw JSON
   * that the OpenAPI document is held to.
   */
  Api raw;

  @BeforeEach
  void signIn() {
    clients = new Clients(Deployments.loopback(deployed), Deployments.ADMIN_PASSWORD);
    admin = clients.admin();
    raw = Api.anonymous(Deployments.loopback(deployed)).as("admin", Deployments.ADMIN_PASSWORD);
  }

  @AfterEach
  void signOut() throws Exception {
    clients.close();
  }

  /** A task written as the raw constants above, as the Java client sends it. */
  static TasksApi.SubmitTask task(String body) {
    JsonObject task = Json.createReader(new StringReader(body)).readObject();
    return TasksApi.SubmitTask.of(task.getString("task_type"), task.getJsonObject("parameters"));
  }

  static UUID submit(TasklaneClient who, String body) {
    return who.tasks().submit(task(body)).taskId();
  }

  static TaskView awaitStatus(TasklaneClient who, UUID id, String status) {
    return Clients.awaitStatus(who, id, status, PATIENCE);
  }

  /** A page of the caller's tasks of {@code status} (null: any), newest first. */
  static TasksApi.Page list(TasklaneClient who, String status, int page, int size) {
    return who.tasks().list(status, null, null, null, null, null, null, null, null, page, size);
  }

  /**
   * A new user over the JDK's HttpClient connector, which sends PATCH ({@link
   * Clients#overJdkHttp}).
   */
  TasklaneClient newUserOverJdkHttp() {
    String name = Deployments.unique("user");
    admin.users().create(new UsersApi.NewUser(name, Clients.PASSWORD, Set.of("user")));
    return clients.overJdkHttp(name, Clients.PASSWORD);
  }

  /** Cancels a task that may have finished meanwhile (a 409 then): clearing the lane. */
  static void cancelUnlessFinished(TasklaneClient who, UUID id) {
    try {
      who.tasks().cancel(id);
    } catch (TasklaneProblemException finished) {
      assertEquals(409, finished.status(), finished::getMessage);
    }
  }

  Api newUser() {
    return raw.newUser(Deployments.unique("user"));
  }

  /**
   * A client generated from {@code /openapi} must read what the server sends: the main endpoints'
   * real answers have exactly the documented fields, in snake_case, of the documented types.
   */
  @Test
  void the_openapi_document_describes_the_main_endpoints_answers_as_sent() {
    OpenApiDocument openApi = OpenApiDocument.fetch(raw);
    assertEquals(java.util.Set.of(), openApi.propertiesNotInSnakeCase());
    assertEquals("Tasklane", openApi.json().getJsonObject("info").getString("title"));
    assertFalse(
        openApi.json().getJsonObject("paths").keySet().stream()
            .anyMatch(path -> path.contains("quantconnect-sandbox") || path.contains("/null/")),
        "the sandbox and the QuantConnect client are not Tasklane's API");

    Api user = newUser();
    Api.Reply token =
        Api.anonymous(raw.base())
            .post(
                "api/auth/token",
                Api.json("username", "admin", "password", Deployments.ADMIN_PASSWORD));
    openApi.assertDescribes("POST", "/api/auth/token", 200, token.json());

    Api.Reply accepted = user.post("api/tasks", QUICK);
    assertEquals(202, accepted.status(), accepted::body);
    openApi.assertDescribes("POST", "/api/tasks", 202, accepted.json());
    String id = accepted.json().getString("task_id");
    openApi.assertDescribes("GET", "/api/tasks/{id}", 200, user.get("api/tasks/" + id).json());
    openApi.assertDescribes("GET", "/api/tasks", 200, user.get("api/tasks").json());

    Api.Reply batch = user.post("api/tasks/batch", "{\"tasks\":[" + QUICK + "]}");
    assertEquals(202, batch.status(), batch::body);
    openApi.assertDescribes("POST", "/api/tasks/batch", 202, batch.json());

    openApi.assertDescribes("GET", "/api/system/queue", 200, user.get("api/system/queue").json());
    openApi.assertDescribes("GET", "/api/system/nodes", 200, raw.get("api/system/nodes").json());
    openApi.assertDescribes("GET", "/api/market-data", 200, user.get("api/market-data").json());
    openApi.assertDescribes("GET", "/api/models", 200, user.get("api/models").json());
    openApi.assertDescribes("GET", "/api/admin/users", 200, raw.get("api/admin/users").array());
  }

  /** README's "Java client" example, as it stands there, against the real server. */
  @Test
  void readmes_java_client_example_runs() throws Exception {
    String name = Deployments.unique("reader");
    admin.users().create(new UsersApi.NewUser(name, Clients.PASSWORD, Set.of("user")));

    TaskView done = ReadmeExample.run(clients.server(), name, Clients.PASSWORD);

    assertEquals("completed", done.status());
    assertEquals(name, done.userId());
    assertEquals(366, done.result().getInt("bars"));
    assertTrue(done.result().containsKey("sharpe_ratio"), done.result()::toString);
  }

  /**
   * The client's interfaces as they are, under a MicroProfile Rest Client implementation (Jersey's)
   * as an application server would build them: sign in, submit a backtest, read it back, and a
   * problem answer thrown as {@link TasklaneProblemException}.
   */
  @Test
  void the_interfaces_work_under_rest_client_builder_against_the_server() {
    String name = Deployments.unique("restclient");
    admin.users().create(new UsersApi.NewUser(name, Clients.PASSWORD, Set.of("user")));
    URI server = clients.server();
    AuthApi auth = RestClientBuilder.newBuilder().baseUri(server).build(AuthApi.class);
    TasksApi tasks =
        RestClientBuilder.newBuilder()
            .baseUri(server)
            .register(new BearerTokenFilter(TokenProvider.signingIn(auth, name, Clients.PASSWORD)))
            .build(TasksApi.class);

    TasksApi.Accepted accepted =
        tasks.submit(
            TasksApi.SubmitTask.of(
                "backtest",
                Json.createObjectBuilder()
                    .add("symbol", "BTC_USDT")
                    .add("start_date", "2024-01-01")
                    .add("end_date", "2024-12-31")
                    .build()));
    TaskView done =
        Api.eventually("task " + accepted.taskId() + " completed")
            .atMost(PATIENCE)
            .until(() -> tasks.get(accepted.taskId()), TaskView::finished);

    assertEquals("completed", done.status(), done::toString);
    assertEquals(name, done.userId());
    assertEquals(366, done.result().getInt("bars"));
    TasklaneProblemException wrongPassword =
        assertThrows(
            TasklaneProblemException.class,
            () -> auth.token(new AuthApi.Credentials(name, "not-the-password")));
    assertEquals(401, wrongPassword.status());
    TasklaneProblemException missing =
        assertThrows(TasklaneProblemException.class, () -> tasks.get(UUID.randomUUID()));
    assertEquals(404, missing.status());
    assertEquals("Not found", missing.title());
  }

  /**
   * The Java client is kept in step with the server: each method of its interfaces is an operation
   * of /openapi with the same query parameters, its records have exactly the fields the document
   * gives the bodies and answers, and every documented operation has a client method.
   */
  @Test
  void the_java_clients_interfaces_match_the_openapi_document() {
    OpenApiDocument openApi = OpenApiDocument.fetch(raw);
    List<String> mismatches = new ArrayList<>();
    Set<String> covered = new TreeSet<>();
    Map<String, Set<String>> queryByOperation = new TreeMap<>();
    Map<String, Set<String>> documentedByOperation = new TreeMap<>();
    for (Class<?> api : CLIENT_INTERFACES) {
      String base = api.getAnnotation(Path.class).value();
      for (Method method : api.getDeclaredMethods()) {
        String verb = httpMethod(method);
        if (verb == null) {
          continue;
        }
        Path sub = method.getAnnotation(Path.class);
        String path = sub == null ? base : base + "/" + sub.value();
        String where =
            api.getSimpleName() + "." + method.getName() + " (" + verb + " " + path + ")";
        covered.add(verb + " " + path);
        JsonObject operation = openApi.operation(verb, path);
        if (operation == null) {
          mismatches.add(where + ": not in /openapi");
          continue;
        }
        Set<String> clientQuery = new TreeSet<>();
        Type body = null;
        for (Parameter parameter : method.getParameters()) {
          if (parameter.isAnnotationPresent(QueryParam.class)) {
            clientQuery.add(parameter.getAnnotation(QueryParam.class).value());
          } else if (!parameter.isAnnotationPresent(PathParam.class)) {
            body = parameter.getParameterizedType();
          }
        }
        Set<String> documentedQuery = new TreeSet<>();
        if (operation.containsKey("parameters")) {
          operation.getJsonArray("parameters").stream()
              .map(JsonValue::asJsonObject)
              .filter(p -> "query".equals(p.getString("in")))
              .forEach(p -> documentedQuery.add(p.getString("name")));
        }
        if (!documentedQuery.containsAll(clientQuery)) {
          mismatches.add(where + ": query " + clientQuery + ", documented " + documentedQuery);
        }
        // Two methods may share an operation (a sweep's results as JSON or as CSV, the CSV
        // unpaged): together they send every documented query parameter.
        queryByOperation
            .computeIfAbsent(verb + " " + path, operationKey -> new TreeSet<>())
            .addAll(clientQuery);
        documentedByOperation.put(verb + " " + path, documentedQuery);
        if (body != null) {
          JsonObject content =
              operation.containsKey("requestBody")
                  ? operation.getJsonObject("requestBody").getJsonObject("content")
                  : null;
          if (content == null) {
            mismatches.add(where + ": sends a body the document does not take");
          } else if (content.containsKey("application/json")) {
            compareFields(
                openApi,
                body,
                content.getJsonObject("application/json").getJsonObject("schema"),
                where + " body",
                mismatches);
          }
        }
        JsonObject answer =
            operation.getJsonObject("responses").entrySet().stream()
                .filter(
                    documented ->
                        documented.getKey().startsWith("2")
                            || documented.getKey().equals("default"))
                .sorted(Map.Entry.comparingByKey()) // a 2xx before "default"
                .map(documented -> documented.getValue().asJsonObject().getJsonObject("content"))
                .filter(content -> content != null && content.containsKey("application/json"))
                .map(content -> content.getJsonObject("application/json").getJsonObject("schema"))
                .findFirst()
                .orElse(null);
        if (answer != null) {
          compareFields(
              openApi, method.getGenericReturnType(), answer, where + " answer", mismatches);
        } else if (isRecordOrList(method.getGenericReturnType())) {
          mismatches.add(where + ": answers JSON the document does not describe");
        }
      }
    }
    queryByOperation.forEach(
        (operation, sent) -> {
          if (!sent.equals(documentedByOperation.get(operation))) {
            mismatches.add(
                operation
                    + ": the client sends query "
                    + sent
                    + ", documented "
                    + documentedByOperation.get(operation));
          }
        });
    String contextRoot = URI.create(Deployments.loopback(deployed)).getPath();
    Set<String> uncovered = openApi.operations(contextRoot.substring(0, contextRoot.length() - 1));
    uncovered.removeAll(covered);
    if (!uncovered.isEmpty()) {
      mismatches.add("documented operations without a client method: " + uncovered);
    }
    assertTrue(mismatches.isEmpty(), () -> String.join("\n", mismatches));
  }

  static final List<Class<?>> CLIENT_INTERFACES =
      List.of(
          AuthApi.class,
          TasksApi.class,
          BacktestsApi.class,
          SystemApi.class,
          MarketDataApi.class,
          ModelsApi.class,
          UsersApi.class,
          SweepsApi.class,
          PipelinesApi.class);

  private static boolean isRecordOrList(Type type) {
    return type instanceof ParameterizedType
        || (type instanceof Class<?> plain && plain.isRecord());
  }

  private static String httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (verb != null) {
        return verb.value();
      }
    }
    return null;
  }

  /** The record's components, named as on the wire, against the schema's properties, deeply. */
  private static void compareFields(
      OpenApiDocument openApi, Type type, JsonObject schema, String where, List<String> out) {
    JsonObject resolved = openApi.resolve(schema);
    if (type instanceof ParameterizedType collection
        && Collection.class.isAssignableFrom((Class<?>) collection.getRawType())) {
      if (!"array".equals(resolved.getString("type", null))) {
        out.add(where + ": a list where the document says " + resolved);
        return;
      }
      compareFields(
          openApi,
          collection.getActualTypeArguments()[0],
          resolved.getJsonObject("items"),
          where + "[]",
          out);
      return;
    }
    if (!(type instanceof Class<?> record) || !record.isRecord()) {
      return; // free-form JSON, text, scalars
    }
    JsonObject properties = resolved.getJsonObject("properties");
    if (properties == null) {
      // A free-form object (GET /api/system/resources answers a map, so that a user's answer
      // lacks the admin's key): the document has no fields to hold the record to.
      if (!"object".equals(resolved.getString("type", "object"))) {
        out.add(where + ": " + record.getSimpleName() + " where the document says " + resolved);
      }
      return;
    }
    Set<String> fields = new TreeSet<>();
    for (RecordComponent component : record.getRecordComponents()) {
      String name = TasklaneJson.wireName(component.getName());
      fields.add(name);
      if (properties.containsKey(name)) {
        compareFields(
            openApi,
            component.getGenericType(),
            properties.getJsonObject(name),
            where + "." + name,
            out);
      }
    }
    if (!fields.equals(new TreeSet<>(properties.keySet()))) {
      out.add(
          where
              + ": "
              + record.getSimpleName()
              + " has "
              + fields
              + ", the document "
              + new TreeSet<>(properties.keySet()));
    }
  }

  @Test
  void a_submitted_backtest_completes_with_real_figures() {
    // Raw: the Location header is part of what is checked.
    Api.Reply accepted = raw.post("api/tasks", QUICK);
    assertEquals(202, accepted.status(), accepted::body);
    JsonObject answer = accepted.json();
    assertTrue(
        accepted.location().endsWith("/api/tasks/" + answer.getString("task_id")),
        accepted.location());
    assertTrue(
        answer.getString("status").equals("queued")
            || answer.getString("status").equals("running"));

    TaskView done = awaitStatus(admin, UUID.fromString(answer.getString("task_id")), "completed");

    JsonObject result = done.result();
    assertEquals(366, result.getInt("bars"));
    assertTrue(result.getInt("trade_count") > 0, result::toString);
    assertTrue(result.containsKey("sharpe_ratio") && result.containsKey("total_return"));
    assertTrue(result.getJsonNumber("max_drawdown").doubleValue() > 0);
    assertEquals(100, done.progress());
    assertEquals(1, done.attempts());
    assertEquals("admin", done.userId());
    assertNotNull(done.startedAt());
    assertNotNull(done.finishedAt());
    // The type default (1 core) until backtests have been measured, then the learned figure: a
    // single-threaded backtest needs one core at most (its thread's CPU time over its wall time,
    // which the clocks' granularity can put a little above 1 for a run of a few milliseconds).
    double cores = done.estimatedCpuCores();
    assertTrue(cores > 0 && cores <= 1.1, () -> "estimated_cpu_cores " + cores);
  }

  /** Prometheus reads Tasklane's own figures at /metrics once a task has run. */
  @Test
  void the_metrics_count_a_completed_backtest_and_show_queues_nodes_and_streams() {
    awaitStatus(admin, submit(admin, QUICK), "completed");

    // Payara serves /metrics at the server's root; this test's deployment has a context of its own.
    String root = clients.server().resolve("/").toString();
    Api.Reply scrape = raw.withBase(root).get("metrics?scope=application", "text/plain");
    assertEquals(200, scrape.status(), scrape::body);
    String text = scrape.body();
    assertTrue(
        sample(text, "tasklane_task_duration_seconds_count", "task_type=\"backtest\"") >= 1, text);
    assertTrue(sample(text, "tasklane_admission_wait_seconds_count", "lane=\"local\"") >= 1, text);
    assertTrue(sample(text, "tasklane_queue_depth", "lane=\"local\"") >= 0, text);
    assertTrue(sample(text, "tasklane_queue_depth", "lane=\"quantconnect\"") >= 0, text);
    assertEquals(2, sample(text, "tasklane_quantconnect_nodes", ""), text);
    assertTrue(sample(text, "tasklane_quantconnect_nodes_in_use", "") >= 0, text);
    assertTrue(sample(text, "tasklane_event_streams_open", "") >= 0, text);
    assertTrue(sample(text, "tasklane_outbox_lag_events", "") >= 0, text);
  }

  /**
   * The value of the first sample of {@code name} whose labels contain {@code label}; -1 if none.
   */
  static double sample(String exposition, String name, String label) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        String labels =
            line.contains("{") ? line.substring(line.indexOf('{'), line.indexOf('}')) : "";
        if (labels.contains(label)) {
          return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return -1;
  }

  @Test
  void the_seed_shortcut_runs_a_backtest_task() {
    BacktestsApi.Started started =
        admin
            .backtests()
            .run(
                json(
                    "{'strategy':'sma_crossover','symbol':'ETH_USDT','start_date':'2024-01-01','end_date':'2024-06-30','initial_capital':5000,'params':{'fast_period':5,'slow_period':20}}"));
    assertEquals("Backtest queued. Check Status Center for progress.", started.message());
    TaskView done = awaitStatus(admin, started.backtestId(), "completed");
    assertEquals("backtest", done.taskType());
    assertEquals(5000.0, done.result().getJsonNumber("initial_capital").doubleValue());
  }

  @Test
  void a_user_never_sees_or_touches_another_users_task() {
    TasklaneClient alice = clients.newUser(Deployments.unique("user"));
    TasklaneClient bob = newUserOverJdkHttp();
    UUID alicesTask = submit(alice, QUICK);

    assertEquals(404, refusal(() -> bob.tasks().get(alicesTask)));
    assertEquals(404, refusal(() -> bob.tasks().cancel(alicesTask)));
    assertEquals(
        404, refusal(() -> bob.tasks().reprioritize(alicesTask, new TasksApi.PriorityChange(5))));
    assertEquals(0, list(bob, null, 0, 50).total());
    String alicesId = alice.tasks().get(alicesTask).userId();
    assertEquals(
        403,
        refusal(
            () ->
                bob.tasks().list(null, null, alicesId, null, null, null, null, null, null, 0, 50)));
    SystemApi.QueueView bobsQueue = bob.system().queue();
    assertEquals(0, bobsQueue.queuedCount() + bobsQueue.runningCount());

    assertEquals(alicesTask, alice.tasks().get(alicesTask).taskId());
    assertEquals(1, list(alice, null, 0, 50).total());
    assertEquals(alicesTask, admin.tasks().get(alicesTask).taskId(), "an admin sees every task");
  }

  @Test
  void requests_without_a_valid_token_are_401_problems() {
    Api nobody = Api.anonymous(raw.base());
    Api.Reply none = nobody.get("api/tasks");
    assertEquals(401, none.status());
    assertEquals("application/problem+json", none.contentType().split(";")[0]);
    assertEquals(401, none.json().getInt("status"));

    Api.Reply forged =
        nobody.withToken("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2ln").get("api/tasks");
    assertEquals(401, forged.status());
    assertEquals("application/problem+json", forged.contentType().split(";")[0]);

    assertEquals(401, nobody.post("api/tasks", QUICK).status());
    assertEquals(
        401,
        nobody
            .post("api/auth/token", q("{'username':'admin','password':'wrong-password'}"))
            .status());
  }

  @Test
  void a_user_gets_403_on_admin_endpoints() {
    Api user = newUser();
    Api.Reply reply = user.get("api/admin/users");
    assertEquals(403, reply.status());
    assertEquals(403, reply.json().getInt("status"));
    assertEquals(
        403,
        user.post(
                "api/admin/users",
                q("{'username':'mallory','password':'12345678','roles':['admin']}"))
            .status());
  }

  @Test
  void bad_input_is_a_400_problem_and_stores_nothing() {
    long before = raw.get("api/tasks?size=1").json().getJsonNumber("total").longValue();

    assertProblem(400, raw.post("api/tasks", "{\"task_type\": \"backtest\", "), "not valid JSON");
    assertProblem(400, raw.post("api/tasks", "[1, 2]"), "not valid JSON");
    assertProblem(
        400, raw.post("api/tasks", q("{'task_type':'backtest','priority':'high'}")), "priority");
    assertProblem(
        400,
        raw.post("api/tasks", q("{'task_type':'quantum_annealing'}")),
        "Unknown task_type 'quantum_annealing'; this server runs: backtest");
    assertProblem(400, raw.post("api/tasks", q("{'priority':1}")), "task_type: is required");
    assertProblem(
        400,
        raw.post("api/tasks", q("{'task_type':'backtest','priority':100000}")),
        "priority: must be less than or equal to 1000");
    assertProblem(
        400,
        raw.post("api/tasks", q("{'task_type':'backtest','parameters':[1]}")),
        "parameters: must be a JSON object");
    assertProblem(
        400,
        raw.post(
            "api/tasks",
            q(
                "{'task_type':'backtest','parameters':{'symbol':'BTC_USDT','start_date':'2024-05-01','end_date':'2024-01-01'}}")),
        "parameters.end_date: must not be before start_date");
    assertProblem(400, raw.post("api/tasks", ""), "JSON object body");
    assertProblem(
        415,
        raw.postRaw(
            "api/tasks", "text/plain", java.net.http.HttpRequest.BodyPublishers.ofString(QUICK)),
        "Content-Type");
    assertProblem(400, raw.get("api/tasks?status=finished"), "Unknown status 'finished'");
    assertProblem(400, raw.get("api/tasks?size=5000"), "size");

    assertEquals(before, raw.get("api/tasks?size=1").json().getJsonNumber("total").longValue());
  }

  /** {@code {"tasks": [...]}} of {@code bodies}, each a task as POST /api/tasks takes it. */
  static String batchOf(List<String> bodies) {
    return "{\"tasks\":[" + String.join(",", bodies) + "]}";
  }

  /** QUICK with its own timeout, so that a task can be matched with its place in a batch. */
  /** QUICK with its own timeout, so that a task can be matched with its place in a batch. */
  /** QUICK with its own timeout, so that a task can be matched with its place in a batch. */
  static TasksApi.SubmitTask quickNumbered(int i) {
    TasksApi.SubmitTask quick = task(QUICK);
    return new TasksApi.SubmitTask(
        quick.taskType(), quick.parameters(), null, 1000L + i, null, null, null, null);
  }

  @Test
  void a_batch_of_fifty_backtests_is_accepted_in_order_and_every_one_completes() {
    TasklaneClient user = clients.newUser(Deployments.unique("user"));
    List<TasksApi.SubmitTask> tasks = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      tasks.add(quickNumbered(i));
    }

    TasksApi.BatchAccepted accepted = user.tasks().submitBatch(new TasksApi.Batch(tasks));

    List<UUID> ids = accepted.taskIds();
    assertEquals(50, ids.size());
    assertEquals(50, new java.util.HashSet<>(ids).size(), "distinct ids");
    assertEquals(50, list(user, null, 0, 1).total(), "all the caller's");
    Clients.awaitStatus(user, ids.get(49), "completed", Duration.ofMinutes(3));
    for (int i = 0; i < ids.size(); i++) {
      TaskView done = awaitStatus(user, ids.get(i), "completed");
      assertEquals(1000 + i, done.timeoutSeconds(), "task " + i + " is the one sent");
      assertEquals(366, done.result().getInt("bars"));
    }
  }

  @Test
  void a_batch_with_one_bad_task_is_refused_naming_it_and_stores_nothing() {
    long before = taskCount();
    List<String> bodies = new ArrayList<>(java.util.Collections.nCopies(10, QUICK));

    bodies.set(
        7,
        q(
            "{'task_type':'backtest','parameters':{'symbol':'BTC_USDT','start_date':'2024-05-01','end_date':'2024-01-01'}}"));
    assertProblem(
        400,
        raw.post("api/tasks/batch", batchOf(bodies)),
        "tasks[7].parameters.end_date: must not be before start_date");
    bodies.set(7, q("{'task_type':'quantum_annealing'}"));
    assertProblem(
        400,
        raw.post("api/tasks/batch", batchOf(bodies)),
        "tasks[7]: Unknown task_type 'quantum_annealing'");
    bodies.set(7, q("{'task_type':'backtest','priority':100000}"));
    assertProblem(
        400,
        raw.post("api/tasks/batch", batchOf(bodies)),
        "tasks[7].priority: must be less than or equal to 1000");
    bodies.set(7, q("{'task_type':'backtest','bogus':1}"));
    assertProblem(
        400, raw.post("api/tasks/batch", batchOf(bodies)), "tasks[7].bogus: unknown field");
    bodies.set(7, "null");
    assertProblem(400, raw.post("api/tasks/batch", batchOf(bodies)), "tasks[7]");

    assertEquals(before, taskCount());
  }

  @Test
  void single_submissions_sent_at_once_are_each_stored_once_and_a_bad_one_refuses_only_itself()
      throws Exception {
    TasklaneClient user = clients.newUser(Deployments.unique("user"));
    TasksApi.SubmitTask backwards =
        task(
            q(
                "{'task_type':'backtest','parameters':{'symbol':'BTC_USDT','start_date':'2024-05-01','end_date':'2024-01-01'}}"));
    // Eight at a time, so that requests arrive while others are being stored and share their
    // transaction (SubmissionGroups); every fourth is refused.
    java.util.concurrent.ExecutorService senders =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<TasksApi.Accepted>> sent = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        TasksApi.SubmitTask each = i % 4 == 3 ? backwards : quickNumbered(i);
        sent.add(senders.submit(() -> user.tasks().submit(each)));
      }
      Set<UUID> ids = new java.util.HashSet<>();
      for (int i = 0; i < sent.size(); i++) {
        java.util.concurrent.Future<TasksApi.Accepted> answer = sent.get(i);
        if (i % 4 == 3) {
          java.util.concurrent.ExecutionException failed =
              assertThrows(java.util.concurrent.ExecutionException.class, answer::get);
          TasklaneProblemException refused = (TasklaneProblemException) failed.getCause();
          assertEquals(400, refused.status(), refused::detail);
          assertEquals("parameters.end_date: must not be before start_date.", refused.detail());
        } else {
          TasksApi.Accepted accepted = answer.get(1, java.util.concurrent.TimeUnit.MINUTES);
          assertEquals("queued", accepted.status());
          ids.add(accepted.taskId());
          assertEquals(
              1000L + i,
              user.tasks().get(accepted.taskId()).timeoutSeconds(),
              "request " + i + " got its own task");
        }
      }
      assertEquals(24, ids.size(), "distinct tasks");
      assertEquals(24, list(user, null, 0, 1).total(), "each stored once, the refused never");
      for (UUID id : ids) {
        awaitStatus(user, id, "completed");
      }
    } finally {
      senders.shutdownNow();
    }
  }

  @Test
  void an_empty_batch_and_one_over_the_limit_are_refused() {
    long before = taskCount();

    assertProblem(400, raw.post("api/tasks/batch", "{\"tasks\":[]}"), "at least one task");
    assertProblem(400, raw.post("api/tasks/batch", "{}"), "tasks: is required");
    assertProblem(400, raw.post("api/tasks/batch", "[" + QUICK + "]"), "JSON object");
    assertProblem(
        413,
        raw.post("api/tasks/batch", batchOf(java.util.Collections.nCopies(1001, QUICK))),
        "at most 1000 tasks");
    assertProblem(
        401,
        Api.anonymous(raw.base()).post("api/tasks/batch", batchOf(List.of(QUICK))),
        "bearer token");

    assertEquals(before, taskCount());
  }

  @Test
  void a_body_over_one_megabyte_is_refused_with_413() {
    String padding = "x".repeat(1_100_000);
    String body =
        q("{'task_type':'backtest','parameters':{'symbol':'BTC','note':'") + padding + "\"}}";
    assertProblem(413, raw.post("api/tasks", body), "limited to 1048576 bytes");
    // Without Content-Length (chunked), the limit is enforced while reading.
    java.net.http.HttpRequest.BodyPublisher chunked =
        java.net.http.HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(body.getBytes()));
    assertProblem(
        413, raw.postRaw("api/tasks", "application/json", chunked), "limited to 1048576 bytes");
  }

  @Test
  void unknown_ids_are_404() {
    assertProblem(404, raw.get("api/tasks/6f1c3c52-0000-4000-8000-000000000000"), "No task");
    assertProblem(404, raw.get("api/tasks/not-a-uuid"), "No such resource");
    assertProblem(
        404, raw.post("api/tasks/6f1c3c52-0000-4000-8000-000000000000/cancel", ""), "No task");
  }

  @Test
  void a_completed_backtests_series_comes_as_json_or_csv_and_only_to_whoever_may_see_it() {
    String name = Deployments.unique("user");
    Api aliceRaw = raw.newUser(name);
    TasklaneClient alice = clients.signIn(name, Clients.PASSWORD);
    Api bob = newUser();
    UUID id = submit(alice, QUICK);
    JsonObject result = awaitStatus(alice, id, "completed").result();
    int bars = result.getInt("bars");
    double finalEquity = result.getJsonNumber("final_equity").doubleValue();

    JsonObject series = alice.tasks().series(id);
    assertEquals(
        List.of("timestamp", "close", "position", "equity", "drawdown", "benchmark_equity"),
        series.getJsonArray("columns").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .toList());
    var rows = series.getJsonArray("rows");
    assertEquals(bars, rows.size());
    assertEquals(result.getString("last_bar"), rows.getJsonArray(bars - 1).getString(0));
    assertEquals(finalEquity, rows.getJsonArray(bars - 1).getJsonNumber(3).doubleValue(), 0.005);

    // Raw: the content types, and CSV, which the client does not read.
    Api.Reply json = aliceRaw.get("api/tasks/" + id + "/series");
    assertEquals(200, json.status(), json::body);
    assertTrue(json.contentType().startsWith("application/json"), json.contentType());
    assertEquals(series, json.json());
    Api.Reply csv = aliceRaw.get("api/tasks/" + id + "/series", "text/csv");
    assertEquals(200, csv.status(), csv::body);
    assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
    String[] lines = csv.body().split("\n");
    assertEquals("timestamp,close,position,equity,drawdown,benchmark_equity", lines[0]);
    assertEquals(bars + 1, lines.length);
    assertEquals(finalEquity, Double.parseDouble(lines[bars].split(",")[3]), 0.005);

    assertProblem(404, bob.get("api/tasks/" + id + "/series"), "No task");
    assertProblem(
        404, aliceRaw.get("api/tasks/6f1c3c52-0000-4000-8000-000000000000/series"), "No task");
    assertEquals(200, raw.get("api/tasks/" + id + "/series", "text/csv").status());
  }

  @Test
  void a_queued_backtest_or_another_task_type_has_no_series() {
    UUID blocker = submit(admin, LONG);
    // Once it runs it holds the only local slot; before that, a short task may pass it on the
    // short-task allowance while the resource rule still holds the long one.
    awaitStatus(admin, blocker, "running");
    UUID waiting = submit(admin, QUICK);

    assertProblem(409, raw.get("api/tasks/" + waiting + "/series"), "has no series");

    cancelUnlessFinished(admin, waiting);
    cancelUnlessFinished(admin, blocker);
    UUID training =
        admin
            .tasks()
            .submit(
                smallTask(
                    "model_training",
                    json(
                        "{'symbol':'ETH_USDT','start_date':'2020-01-01','end_date':'2023-12-31'}")))
            .taskId();
    Clients.awaitTask(
        admin, training, PATIENCE, t -> List.of("completed", "failed").contains(t.status()));
    assertProblem(409, raw.get("api/tasks/" + training + "/series"), "has no series");
  }

  @Test
  void a_queued_task_can_be_cancelled_and_never_runs() {
    UUID blocker = submit(admin, LONG);
    // Once it runs it holds the only local slot; before that, a short task may pass it on the
    // short-task allowance while the resource rule still holds the long one.
    awaitStatus(admin, blocker, "running");
    UUID waiting = submit(admin, QUICK);

    TaskView cancelled = admin.tasks().cancel(waiting);

    assertEquals("cancelled", cancelled.status());
    awaitStatus(admin, blocker, "completed");
    TaskView after = admin.tasks().get(waiting);
    assertEquals("cancelled", after.status());
    assertEquals(0, after.attempts(), "it never started");
    assertNull(after.result());
    assertProblem(409, raw.post("api/tasks/" + waiting + "/cancel", ""), "already cancelled");
  }

  @Test
  void a_running_task_can_be_cancelled_and_frees_its_slot() {
    UUID huge = submit(admin, HUGE);
    awaitStatus(admin, huge, "running");

    assertEquals("cancelled", admin.tasks().cancel(huge).status());

    awaitStatus(admin, submit(admin, QUICK), "completed");
    TaskView cancelled = admin.tasks().get(huge);
    assertEquals("cancelled", cancelled.status());
    assertNull(cancelled.result());
  }

  @Test
  void a_task_past_its_timeout_ends_timed_out() {
    TasksApi.SubmitTask huge = task(HUGE);
    UUID id =
        admin
            .tasks()
            .submit(
                new TasksApi.SubmitTask(
                    huge.taskType(), huge.parameters(), null, 1L, null, null, null, null))
            .taskId();

    TaskView timedOut = Clients.awaitTask(admin, id, PATIENCE, t -> t.status().equals("timed_out"));

    assertEquals("Exceeded its time limit of 1 s", timedOut.error());
    assertNull(timedOut.result());
    awaitStatus(admin, submit(admin, QUICK), "completed");
  }

  @Test
  void higher_priority_runs_first_and_a_queued_task_can_be_reprioritised() {
    TasklaneClient patching = clients.adminOverJdkHttp();
    UUID blocker = submit(patching, HUGE);
    awaitStatus(patching, blocker, "running");
    TasksApi.Accepted accepted = patching.tasks().submit(task(QUICK));
    // Alone in the lane behind a running task: first in line, not behind itself.
    assertEquals(1L, accepted.queuePosition(), accepted::toString);
    UUID first = accepted.taskId();
    UUID second = submit(patching, QUICK);
    TaskView raised = patching.tasks().reprioritize(second, new TasksApi.PriorityChange(10));
    assertEquals(10, raised.priority());
    assertEquals(1L, raised.queuePosition(), "now at the head of the lane");
    assertEquals(2L, patching.tasks().get(first).queuePosition());

    awaitStatus(patching, blocker, "completed");
    TaskView a = awaitStatus(patching, first, "completed");
    TaskView b = awaitStatus(patching, second, "completed");
    assertTrue(
        b.startedAt().isBefore(a.startedAt()),
        "the raised task started first: " + b.startedAt() + " vs " + a.startedAt());
    assertProblem(
        409,
        raw.patch("api/tasks/" + first, "{\"priority\": 3}"),
        "Only a queued task can change priority");
    assertProblem(400, raw.patch("api/tasks/" + first, "{}"), "priority: is required");
  }

  @Test
  void a_new_task_queues_behind_everything_at_its_priority_or_above() {
    TasklaneClient placing = clients.adminOverJdkHttp();
    UUID blocker = submit(placing, HUGE);
    awaitStatus(placing, blocker, "running");
    TasksApi.Accepted low = placing.tasks().submit(prioritised(0));
    TasksApi.Accepted high = placing.tasks().submit(prioritised(5));
    TasksApi.Accepted lowAgain = placing.tasks().submit(prioritised(0));
    placing.tasks().cancel(low.taskId());
    TasksApi.Accepted middle = placing.tasks().submit(prioritised(2));
    placing.tasks().reprioritize(lowAgain.taskId(), new TasksApi.PriorityChange(7));
    TasksApi.Accepted last = placing.tasks().submit(prioritised(0));

    assertEquals(1L, low.queuePosition(), low::toString);
    assertEquals(1L, high.queuePosition(), "ahead of the earlier, lower task");
    assertEquals(3L, lowAgain.queuePosition(), lowAgain::toString);
    assertEquals(2L, middle.queuePosition(), "behind high; the cancelled task no longer counts");
    assertEquals(4L, last.queuePosition(), "behind the raised, high and middle tasks");
    assertEquals(4L, placing.tasks().get(last.taskId()).queuePosition(), "the counted read agrees");

    placing.tasks().cancel(blocker);
    for (TasksApi.Accepted queued : List.of(high, lowAgain, middle, last)) {
      awaitStatus(placing, queued.taskId(), "completed");
    }
    TasksApi.Accepted alone = placing.tasks().submit(prioritised(0));
    assertTrue(
        alone.queuePosition() == null || alone.queuePosition() == 1L,
        "the tasks that started left the counts: " + alone);
    awaitStatus(placing, alone.taskId(), "completed");
  }

  private static TasksApi.SubmitTask prioritised(int priority) {
    TasksApi.SubmitTask quick = task(QUICK);
    return new TasksApi.SubmitTask(
        quick.taskType(), quick.parameters(), priority, null, null, null, null, null);
  }

  @Test
  void lists_filter_by_status_and_type_and_page_newest_first() {
    TasklaneClient user = clients.newUser(Deployments.unique("user"));
    UUID older = submit(user, QUICK);
    UUID newer = submit(user, QUICK);
    awaitStatus(user, older, "completed");
    awaitStatus(user, newer, "completed");

    TasksApi.Page page =
        user.tasks().list("completed", "backtest", null, null, null, null, null, null, null, 0, 1);
    assertEquals(2, page.total());
    assertEquals(1, page.items().size());
    assertEquals(newer, page.items().get(0).taskId());
    TasksApi.Page second = list(user, "completed", 1, 1);
    assertEquals(older, second.items().get(0).taskId());
    assertEquals(0, list(user, "failed", 0, 50).total());
  }

  @Test
  void the_queue_shows_queued_and_running_tasks_with_positions() {
    UUID blocker = submit(admin, LONG);
    // Once it runs it holds the only local slot; before that, a short task may pass it on the
    // short-task allowance while the resource rule still holds the long one.
    awaitStatus(admin, blocker, "running");
    UUID waiting = submit(admin, QUICK);

    SystemApi.QueueView queue = admin.system().queue();

    assertTrue(queue.runningCount() >= 1);
    assertTrue(queue.runningTasks().stream().anyMatch(t -> t.taskId().equals(blocker)));
    assertTrue(
        queue.queuedTasks().stream()
            .anyMatch(
                t ->
                    t.taskId().equals(waiting)
                        && t.queuePosition() != null
                        && t.queuePosition() >= 1),
        queue::toString);
    awaitStatus(admin, waiting, "completed");
  }

  @Test
  void readiness_reports_the_database() {
    String root = raw.base().substring(0, raw.base().indexOf('/', "http://".length()) + 1);
    Api.Reply ready = Api.anonymous(root).get("health/ready");
    assertEquals(200, ready.status(), ready::body);
    JsonObject check =
        ready.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
            .filter(c -> c.getString("name").equals("database"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no database check: " + ready.body()));
    assertEquals("UP", check.getString("status"));
    assertEquals(
        System.getProperty("it.database", "h2").equals("postgresql") ? "PostgreSQL" : "H2",
        check.getJsonObject("data").getString("product"));
  }

  @Test
  void bad_input_that_was_a_server_error_is_a_400_problem() {
    String root = raw.base().substring(0, raw.base().indexOf('/', "http://".length()) + 1);
    // Payara builds the document on the first call; that call was a 500 (see
    // StrictQueryParameters).
    Api.Reply openApi = Api.anonymous(root).get("openapi");
    assertEquals(200, openApi.status(), openApi::body);
    assertTrue(openApi.body().contains("/api/tasks"), openApi::body);

    assertProblem(400, raw.get("api/tasks?page=2147483647"), "page: must be between 0 and");
    assertProblem(
        400, raw.post("api/backtests/run", "[1]"), "expected a JSON object, not an array");
    for (String body : List.of("null", "[1]", "[".repeat(10_000) + "]".repeat(10_000))) {
      assertProblem(400, raw.put("api/quantconnect-sandbox/control", body), "not valid JSON");
    }
    assertProblem(
        400,
        raw.postRaw(
            "api/market-data/FAR_FUTURE",
            "text/csv",
            HttpRequest.BodyPublishers.ofString(
                "timestamp,open,high,low,close\n8640000000000000000,1,1,1,1\n")),
        "line 2: epoch number 8640000000000000000 is beyond any date");
    assertProblem(404, Api.anonymous(raw.base()).get("errors/problem"), "No such resource");
  }

  @Test
  void lenient_binding_no_longer_stores_what_it_should_refuse() {
    long before = taskCount();
    String quick = QUICK.substring(0, QUICK.length() - 1);

    assertProblem(
        400, raw.post("api/tasks", quick + ",\"priority\":4294967301}"), "priority: 4294967301");
    assertProblem(
        400,
        raw.post("api/tasks", quick + ",\"timeout_seconds\":18446744073709551626}"),
        "timeout_seconds: 18446744073709551626 is out of range");
    assertProblem(
        400, raw.post("api/tasks", quick + ",\"max_attempts\":4294967297}"), "max_attempts");
    assertProblem(400, raw.post("api/tasks", quick + ",\"priority\":\"5\"}"), "must be an integer");
    assertProblem(400, raw.post("api/tasks", quick + ",\"priority\":1.5}"), "must be an integer");
    assertProblem(400, raw.post("api/tasks", quick + ",\"priority\":[5]}"), "not an array");
    assertProblem(400, raw.post("api/tasks", QUICK + "garbage"), "after the JSON value");
    assertProblem(400, raw.post("api/tasks", QUICK + QUICK), "after the JSON value");
    assertProblem(400, raw.post("api/tasks", quick + ",\"priorty\":5}"), "priorty: unknown field");
    assertProblem(400, raw.get("api/tasks?size=abc"), "size: must be an integer, got 'abc'");
    assertProblem(400, raw.get("api/tasks?page=-1"), "page: must be between 0 and");

    assertEquals(before, taskCount(), "nothing was stored");
  }

  @Test
  void a_username_sent_as_an_array_is_refused_and_signs_nobody_in() {
    Api.Reply reply =
        Api.anonymous(raw.base())
            .post(
                "api/auth/token",
                q("{'username':['admin'],'password':'" + Deployments.ADMIN_PASSWORD + "'}"));

    assertProblem(400, reply, "username: must be a string, not an array");
    assertFalse(reply.body().contains("access_token"));
  }

  /**
   * Malformed bodies and query parameters against every endpoint that reads either: each is a 400
   * problem, and nothing changes (tasks, users, the sandbox's behaviour, the stored market data).
   */
  @Test
  void malformed_input_to_any_endpoint_is_a_400_and_changes_nothing() {
    Api user = newUser();
    String nobody = Deployments.unique("fuzz");
    String noTask = "api/tasks/6f1c3c52-0000-4000-8000-00000000f022";
    List<Endpoint> endpoints =
        List.of(
            new Endpoint(raw, "POST", "api/tasks", QUICK, true),
            new Endpoint(
                raw,
                "POST",
                "api/tasks",
                q(
                    "{'task_type':'backtest','parameters':{'symbol':'BTC_USDT'},'priority':1,'timeout_seconds':60,'max_attempts':1,'estimated_cpu_cores':0.5,'estimated_ram_gb':0.5}"),
                true),
            new Endpoint(raw, "POST", "api/tasks/batch", batchOf(List.of(QUICK)), true),
            new Endpoint(raw, "PATCH", noTask, q("{'priority':5}"), true),
            new Endpoint(
                raw,
                "POST",
                "api/backtests/run",
                q(
                    "{'strategy':'sma_crossover','symbol':'ETH_USDT','start_date':'2024-01-01','end_date':'2024-06-30','initial_capital':5000.5}"),
                false),
            new Endpoint(
                Api.anonymous(raw.base()),
                "POST",
                "api/auth/token",
                q("{'username':'" + nobody + "','password':'not-the-password'}"),
                true),
            new Endpoint(
                user,
                "POST",
                "api/auth/password",
                q("{'current_password':'wrong-pass','new_password':'another-secret'}"),
                true),
            new Endpoint(
                raw,
                "POST",
                "api/admin/users",
                q("{'username':'" + nobody + "','password':'secret-pass','roles':['user']}"),
                true),
            new Endpoint(
                raw,
                "PUT",
                "api/admin/users/" + nobody + "/password",
                q("{'password':'secret-pass'}"),
                true),
            new Endpoint(
                raw,
                "PUT",
                "api/quantconnect-sandbox/control",
                q(
                    "{'nodes':1,'busy_elsewhere':0,'fail_next_requests':0,'compile_ms':1,'backtest_ms':1,'statistics_delay_reads':0,'build_errors':{},'runtime_errors':{},'reject_credentials':false,'nodes_read_lags':false,'slow_next_requests':0,'latency_ms':0,'backtest_jitter_ms':0,'lose_create_answers':0,'outage_seconds':0}"),
                true));
    String state = observableState();
    List<String> wrong = new ArrayList<>();
    int sent = 0;

    for (Endpoint endpoint : endpoints) {
      for (String body : malformedVariants(endpoint)) {
        sent++;
        Api.Reply reply = endpoint.send(body);
        if (reply.status() != 400 || !reply.contentType().startsWith(Problem.MEDIA_TYPE)) {
          wrong.add(
              endpoint.method + " " + endpoint.path + " " + abbreviate(body) + " -> " + reply);
        }
      }
    }
    String csv = "date,open,high,low,close\n2024-01-01,1,1,1,1\n";
    Map<String, String> imports =
        Map.of(
            "max_gap=abc", csv,
            "max_gap=99999999999", csv,
            "max_gap=-1", csv,
            "replace=maybe", csv,
            "timeframe=7x", csv,
            "timeframe=1d", "date,open,high,low,close\n9223372036854775807,1,1,1,1\n",
            "timeframe=1d&x", "date,open\n2024-01-01,1\n");
    for (Map.Entry<String, String> entry : imports.entrySet()) {
      sent++;
      Api.Reply reply =
          raw.postRaw(
              "api/market-data/FUZZ?" + entry.getKey(),
              "text/csv",
              HttpRequest.BodyPublishers.ofString(entry.getValue()));
      if (reply.status() != 400) {
        wrong.add("import ?" + entry.getKey() + " -> " + reply);
      }
    }
    for (String query :
        List.of(
            "page=abc",
            "page=-1",
            "page=2147483647",
            "page=1e3",
            "page=",
            "size=0",
            "size=abc",
            "size=",
            "size=99999999999",
            "size=1.5",
            "status=finished",
            "page=0x10")) {
      sent++;
      Api.Reply reply = raw.get("api/tasks?" + query);
      if (reply.status() != 400) {
        wrong.add("GET api/tasks?" + query + " -> " + reply);
      }
    }

    int total = sent;
    assertEquals(List.of(), wrong, () -> wrong.size() + " of " + total + " answered wrongly");
    assertEquals(state, observableState(), "malformed input changed nothing");
    assertTrue(sent > 200 && sent < 1000, "a bounded fuzz: " + sent);
  }

  record Endpoint(Api api, String method, String path, String template, boolean typed) {
    Api.Reply send(String body) {
      return switch (method) {
        case "POST" -> api.post(path, body);
        case "PUT" -> api.put(path, body);
        default -> api.patch(path, body);
      };
    }
  }

  /** Values of a wrong JSON type for most fields, and numbers no field accepts. */
  static final List<String> WRONG_TYPES = List.of("\"5\"", "1.5", "[5]", "{\"a\":1}", "true", "5");

  static final List<String> OUT_OF_RANGE =
      List.of("4294967301", "18446744073709551626", "-9223372036854775809", "1e400");

  /**
   * Per field of a valid template: every value of another JSON type (an integer never replaces a
   * number, a decimal never replaces a decimal) and, for typed bodies, numbers out of any range;
   * then the template with an unknown field or trailing content, and bodies that are no object.
   */
  static List<String> malformedVariants(Endpoint endpoint) {
    JsonObject template = Json.createReader(new StringReader(endpoint.template)).readObject();
    List<String> bodies = new ArrayList<>();
    for (String field : template.keySet()) {
      JsonValue valid = template.get(field);
      for (String text : WRONG_TYPES) {
        JsonValue value = Json.createReader(new StringReader(text)).readValue();
        if (!sameType(valid, value)) {
          bodies.add(Json.createObjectBuilder(template).add(field, value).build().toString());
        }
      }
      if (endpoint.typed && valid.getValueType() == JsonValue.ValueType.NUMBER) {
        for (String number : OUT_OF_RANGE) {
          bodies.add(
              Json.createObjectBuilder(template)
                  .add(field, Json.createValue(new BigDecimal(number)))
                  .build()
                  .toString());
        }
      }
    }
    String unknown = endpoint.template.substring(0, endpoint.template.length() - 1);
    bodies.add(unknown + ",\"bogus_field\":1}");
    bodies.add(endpoint.template + "x");
    bodies.add(endpoint.template + " " + endpoint.template);
    bodies.add(endpoint.template + "]");
    bodies.addAll(
        List.of(
            "",
            "null",
            "[1]",
            "1",
            "\"x\"",
            "true",
            "{",
            "}",
            "{\"a\":}",
            "{} x",
            "[]",
            "{'single':'quotes'}",
            "\u0000",
            "[".repeat(5000) + "]".repeat(5000),
            "{\"a\":".repeat(500) + "1" + "}".repeat(500)));
    return bodies;
  }

  static boolean sameType(JsonValue valid, JsonValue value) {
    if (valid.getValueType() == JsonValue.ValueType.NUMBER
        && value.getValueType() == JsonValue.ValueType.NUMBER) {
      return ((JsonNumber) value).isIntegral() || !((JsonNumber) valid).isIntegral();
    }
    boolean validBoolean = valid == JsonValue.TRUE || valid == JsonValue.FALSE;
    boolean valueBoolean = value == JsonValue.TRUE || value == JsonValue.FALSE;
    return validBoolean && valueBoolean || valid.getValueType() == value.getValueType();
  }

  /** What malformed input must never change: tasks, accounts, sandbox behaviour, market data. */
  String observableState() {
    return taskCount()
        + "\n"
        + raw.get("api/admin/users").body()
        + "\n"
        + raw.get("api/quantconnect-sandbox/control").json().get("behaviour")
        + "\n"
        + raw.get("api/market-data").body();
  }

  long taskCount() {
    return raw.get("api/tasks?size=1").json().getJsonNumber("total").longValue();
  }

  static String abbreviate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }

  static void assertProblem(int status, Api.Reply reply, String detailPart) {
    assertEquals(status, reply.status(), reply::body);
    assertEquals("application/problem+json", reply.contentType().split(";")[0], reply::body);
    JsonObject problem = reply.json();
    assertEquals(status, problem.getInt("status"));
    assertTrue(
        problem.getString("detail").contains(detailPart),
        () -> "detail was: " + problem.getString("detail"));
    assertFalse(problem.getString("detail").contains("Exception"), "no internals leak");
  }
}
