package io.tasklane.client;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Tasklane's API for plain Java SE, over any standard JAX-RS client (Jersey, RESTEasy, CXF ...)
 * with a JSON-B provider: the API interfaces, each call with a bearer token from a {@link
 * TokenProvider}, and the live events. Inside an application server the same interfaces work with
 * MicroProfile Rest Client ({@code RestClientBuilder.newBuilder().baseUri(server) .register(new
 * BearerTokenFilter(tokens)).build(TasksApi.class)}).
 *
 * <pre>{@code
 * try (TasklaneClient tasklane = TasklaneClient.signIn(URI.create("http://127.0.0.1:8080/"), "alice", "secret")) {
 *   UUID id = tasklane.tasks().submit(TasksApi.SubmitTask.of("backtest", parameters)).taskId();
 *   TaskView done = tasklane.awaitCompletion(id, Duration.ofMinutes(5));
 * }
 * }</pre>
 */
public final class TasklaneClient implements AutoCloseable {
  /**
   * Jersey's default connector (HttpURLConnection) refuses PATCH unless told otherwise; other
   * implementations ignore a property they do not know.
   */
  static final String JERSEY_PATCH_WORKAROUND =
      "jersey.config.client.httpUrlConnection.setMethodWorkaround";

  private final Client http;
  private final boolean ownsClient;
  private final URI server;
  private final TokenProvider tokens;
  private final WebTarget signedIn;

  private TasklaneClient(Client http, boolean ownsClient, URI server, TokenProvider tokens) {
    this.http = http;
    this.ownsClient = ownsClient;
    this.server = server;
    this.tokens = tokens;
    this.signedIn = target(http, server).register(new BearerTokenFilter(tokens));
  }

  /**
   * Signs in to the server at {@code server} (its root, such as {@code http://host:8080/}) with a
   * client of the JAX-RS implementation on the class path, renewing the token as it expires.
   */
  public static TasklaneClient signIn(URI server, String username, String password) {
    Client http = ClientBuilder.newClient();
    TokenProvider tokens = TokenProvider.signingIn(anonymous(http, server), username, password);
    TasklaneClient client = new TasklaneClient(http, true, server, tokens);
    tokens.get(); // a wrong password shows here, not on the first call
    return client;
  }

  /** Over a JAX-RS client the caller configured (and closes): timeouts, TLS, proxies. */
  public static TasklaneClient of(Client http, URI server, TokenProvider tokens) {
    return new TasklaneClient(http, false, server, tokens);
  }

  /** The token endpoint without a token, for a {@link TokenProvider} of one's own. */
  public static AuthApi anonymous(Client http, URI server) {
    return WebTargetProxy.of(AuthApi.class, target(http, server));
  }

  private static WebTarget target(Client http, URI server) {
    return http.target(server).register(TasklaneJson.class).property(JERSEY_PATCH_WORKAROUND, true);
  }

  public TokenProvider tokens() {
    return tokens;
  }

  public AuthApi auth() {
    return WebTargetProxy.of(AuthApi.class, signedIn);
  }

  public TasksApi tasks() {
    return WebTargetProxy.of(TasksApi.class, signedIn);
  }

  public BacktestsApi backtests() {
    return WebTargetProxy.of(BacktestsApi.class, signedIn);
  }

  public SystemApi system() {
    return WebTargetProxy.of(SystemApi.class, signedIn);
  }

  public MarketDataApi marketData() {
    return WebTargetProxy.of(MarketDataApi.class, signedIn);
  }

  public ModelsApi models() {
    return WebTargetProxy.of(ModelsApi.class, signedIn);
  }

  public UsersApi users() {
    return WebTargetProxy.of(UsersApi.class, signedIn);
  }

  public SweepsApi sweeps() {
    return WebTargetProxy.of(SweepsApi.class, signedIn);
  }

  public PipelinesApi pipelines() {
    return WebTargetProxy.of(PipelinesApi.class, signedIn);
  }

  /**
   * A page of a sweep's results as {@link SweepsApi#results}, also filtered by inclusive bounds on
   * metrics: {@code bounds} maps {@code <metric>_min} or {@code <metric>_max} (such as {@code
   * max_drawdown_max}) to a number. Null {@code sort} and {@code order}: the sweep's ranking.
   */
  public SweepsApi.ResultPage sweepResults(
      UUID sweepId, String sort, String order, int page, int size, Map<String, Double> bounds) {
    WebTarget results = sweepResultsTarget(sweepId, sort, order, bounds);
    results = results.queryParam("page", page).queryParam("size", size);
    try (Response response = results.request(MediaType.APPLICATION_JSON).get()) {
      if (response.getStatus() >= 400) {
        throw TasklaneProblemException.from(response);
      }
      return response.readEntity(SweepsApi.ResultPage.class);
    }
  }

  /**
   * Every result of a sweep within {@code bounds} (see {@link #sweepResults}) as CSV, streamed as
   * the server writes it: a header line, then one line a combination. The caller closes the stream.
   */
  public InputStream exportSweepResults(
      UUID sweepId, String sort, String order, Map<String, Double> bounds) {
    Response response = sweepResultsTarget(sweepId, sort, order, bounds).request("text/csv").get();
    if (response.getStatus() >= 400) {
      try (response) {
        throw TasklaneProblemException.from(response);
      }
    }
    return response.readEntity(InputStream.class);
  }

  private WebTarget sweepResultsTarget(
      UUID sweepId, String sort, String order, Map<String, Double> bounds) {
    WebTarget results =
        signedIn
            .path(SweepsApi.class.getAnnotation(jakarta.ws.rs.Path.class).value())
            .path(sweepId.toString())
            .path("results");
    if (sort != null) {
      results = results.queryParam("sort", sort);
    }
    if (order != null) {
      results = results.queryParam("order", order);
    }
    for (Map.Entry<String, Double> bound : bounds.entrySet()) {
      results = results.queryParam(bound.getKey(), bound.getValue());
    }
    return results;
  }

  /** Live events from now on; close the listener to stop. */
  public TaskEventListener listen(Consumer<TaskEvent> consumer) {
    return listen(null, consumer, failure -> {});
  }

  /**
   * Live events after {@code resumeAfter} (an earlier listener's {@link
   * TaskEventListener#lastEventId()}, or null for from now on); {@code errors} hears of refused or
   * broken connections, which the listener retries.
   */
  public TaskEventListener listen(
      Long resumeAfter, Consumer<TaskEvent> consumer, Consumer<Throwable> errors) {
    WebTarget events =
        target(http, server).path(SystemApi.EVENTS_PATH).register(new BearerTokenFilter(tokens));
    return new TaskEventListener(events, resumeAfter, consumer, errors, tokens::invalidate).open();
  }

  /**
   * Waits until the task has finished (completed, failed, cancelled or timed out), hearing of it on
   * the event stream rather than by polling, and answers the task with its full result. A task that
   * finished before the stream opened is found by one read after connecting.
   *
   * @throws TimeoutException if it has not finished within {@code timeout}
   */
  public TaskView awaitCompletion(UUID taskId, Duration timeout)
      throws InterruptedException, TimeoutException {
    Instant deadline = Instant.now().plus(timeout);
    CompletableFuture<Void> connected = new CompletableFuture<>();
    CompletableFuture<Void> finished = new CompletableFuture<>();
    AtomicReference<Throwable> lastFailure = new AtomicReference<>();
    try (TaskEventListener ignored =
        listen(
            null,
            event -> {
              connected.complete(null);
              if (event instanceof TaskEvent.TaskCompleted completed
                  && completed.taskId().equals(taskId)) {
                finished.complete(null);
              }
            },
            lastFailure::set)) {
      await(connected, deadline, taskId, lastFailure);
      TaskView now = tasks().get(taskId);
      if (now.finished()) {
        return now;
      }
      await(finished, deadline, taskId, lastFailure);
      return tasks().get(taskId);
    }
  }

  private static void await(
      CompletableFuture<Void> what,
      Instant deadline,
      UUID taskId,
      AtomicReference<Throwable> lastFailure)
      throws InterruptedException, TimeoutException {
    long leftMs = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
    try {
      what.get(leftMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException impossible) {
      throw new IllegalStateException(impossible.getCause());
    } catch (TimeoutException late) {
      Throwable failure = lastFailure.get();
      TimeoutException timeout =
          new TimeoutException(
              "task "
                  + taskId
                  + " had not finished in time"
                  + (failure == null ? "" : "; the event stream failed: " + failure));
      timeout.initCause(failure);
      throw timeout;
    }
  }

  /** Closes the JAX-RS client if this facade made it. */
  @Override
  public void close() {
    if (ownsClient) {
      http.close();
    }
  }
}
