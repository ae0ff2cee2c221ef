package io.tasklane.support;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tasklane.client.TaskView;
import io.tasklane.client.TasklaneClient;
import io.tasklane.client.TasklaneProblemException;
import io.tasklane.client.TasksApi;
import io.tasklane.client.TokenProvider;
import io.tasklane.client.UsersApi;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.jnh.connector.JavaNetHttpConnectorProvider;
import org.junit.jupiter.api.function.Executable;

/**
 * Tasklane's own Java client as the integration tests use it: signed in as the admin or as new
 * users of one server, each closed with this (one per test, in {@code @AfterEach}).
 */
public final class Clients implements AutoCloseable {
  /** The password of the users {@link #newUser} creates (as {@link Api#newUser}). */
  public static final String PASSWORD = "secret-pass";

  private final URI server;
  private final List<AutoCloseable> open = new ArrayList<>();
  private TasklaneClient admin;
  private final String adminPassword;

  public Clients(String baseUrl, String adminPassword) {
    this.server = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    this.adminPassword = adminPassword;
  }

  public URI server() {
    return server;
  }

  public synchronized TasklaneClient admin() {
    if (admin == null) {
      admin = signIn("admin", adminPassword);
    }
    return admin;
  }

  /** Creates {@code name} with role user and answers them signed in. */
  public TasklaneClient newUser(String name) {
    admin().users().create(new UsersApi.NewUser(name, PASSWORD, Set.of("user")));
    return signIn(name, PASSWORD);
  }

  public synchronized TasklaneClient signIn(String name, String password) {
    TasklaneClient client = TasklaneClient.signIn(server, name, password);
    open.add(client);
    return client;
  }

  /**
   * Signed in over the JDK's HttpClient connector, which sends PATCH ({@code ModelsApi.share});
   * Jersey's default connector cannot on Java 17 (README, "Gotchas").
   */
  public synchronized TasklaneClient overJdkHttp(String name, String password) {
    Client http =
        ClientBuilder.newClient(
            new ClientConfig().connectorProvider(new JavaNetHttpConnectorProvider()));
    open.add(http);
    TasklaneClient client =
        TasklaneClient.of(
            http,
            server,
            TokenProvider.signingIn(TasklaneClient.anonymous(http, server), name, password));
    open.add(client);
    return client;
  }

  /**
   * A caller with a token obtained elsewhere (an external issuer's), sent as it is and never
   * renewed.
   */
  public synchronized TasklaneClient withToken(String token) {
    Client http = ClientBuilder.newClient();
    open.add(http);
    TasklaneClient client = TasklaneClient.of(http, server, TokenProvider.fixed(token));
    open.add(client);
    return client;
  }

  /** The admin over the JDK's HttpClient connector: see {@link #overJdkHttp}. */
  public TasklaneClient adminOverJdkHttp() {
    return overJdkHttp("admin", adminPassword);
  }

  /** A stream of {@code who}'s events, closed with this. */
  public synchronized ClientEvents listen(TasklaneClient who) {
    return listen(who, null);
  }

  /**
   * A stream of {@code who}'s events after {@code resumeAfter} (an earlier stream's {@link
   * ClientEvents#lastEventId()}; null: live from now), closed with this.
   */
  public synchronized ClientEvents listen(TasklaneClient who, Long resumeAfter) {
    ClientEvents events = ClientEvents.open(who, resumeAfter);
    open.add(events);
    return events;
  }

  /** A JSON object written with single quotes ({@link Api#q}). */
  public static JsonObject json(String singleQuoted) {
    try (JsonReader reader = Json.createReader(new StringReader(Api.q(singleQuoted)))) {
      return reader.readObject();
    }
  }

  /**
   * A task of {@code type} asking for a tenth of a core, so a busy build machine does not keep it
   * waiting for admission.
   */
  public static TasksApi.SubmitTask smallTask(String type, JsonObject parameters) {
    return new TasksApi.SubmitTask(type, parameters, null, null, null, 0.1, null, null);
  }

  /** Polls the task until {@code condition} holds, failing after {@code timeout}. */
  public static TaskView awaitTask(
      TasklaneClient who, UUID id, Duration timeout, Predicate<TaskView> condition) {
    return Api.eventually("task " + id + " in the expected state")
        .atMost(timeout)
        .until(() -> who.tasks().get(id), condition::test);
  }

  public static TaskView awaitStatus(TasklaneClient who, UUID id, String status, Duration timeout) {
    return Api.eventually("task " + id + " " + status)
        .atMost(timeout)
        .until(() -> who.tasks().get(id), t -> status.equals(t.status()));
  }

  /** The status of the problem that {@code call} is answered with (failing if it succeeds). */
  public static int refusal(Executable call) {
    return assertThrows(TasklaneProblemException.class, call).status();
  }

  @Override
  public synchronized void close() throws Exception {
    // Newest first: a stream before the client it reads through.
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    open.clear();
    admin = null;
  }
}
