package io.tasklane.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Payara Micro server process started by a test, for what Arquillian cannot do: kill it with
 * SIGKILL mid-work and start another on the same database. Loopback only.
 */
public final class PayaraProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private PayaraProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the packaged WAR with {@code environment} added, and waits until its API answers. The
   * text {@code {port}} in a value is replaced by the server's port.
   */
  public static PayaraProcess start(String name, Map<String, String> environment)
      throws IOException {
    return start(name, environment, freePort());
  }

  /** As {@link #start(String, Map)}, on a given port: a restart that clients find where it was. */
  public static PayaraProcess start(String name, Map<String, String> environment, int port)
      throws IOException {
    try {
      return startOnce(name, environment, port);
    } catch (NotReady first) {
      // Rare on a loaded 2-core machine: the server says "ready" but its API never answers. Its
      // log (with a thread dump) is kept for diagnosis and one fresh server is tried.
      System.err.println(first.getMessage() + "; trying one fresh start");
      return startOnce(name, environment, port);
    }
  }

  /**
   * A server started as the product's run command starts it ({@code server-config/run.sh}: its JVM
   * options, a fixed Payara root, the class-data archive) with H2 at its default place under {@code
   * TASKLANE_DATA_DIR}, whatever database the test run itself was given.
   */
  public static PayaraProcess startWithRunScript(String name, Map<String, String> environment)
      throws IOException {
    int port = freePort();
    List<String> command =
        List.of(
            "bash",
            new File("server-config/run.sh").getAbsolutePath(),
            new File(System.getProperty("payara.microJar", "target/payara-micro.jar"))
                .getAbsolutePath(),
            new File(System.getProperty("tasklane.war", "target/tasklane.war")).getAbsolutePath(),
            String.valueOf(port));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(key -> key.startsWith("TASKLANE_DB_"));
    return launch(name, builder, environment, port);
  }

  private static PayaraProcess startOnce(String name, Map<String, String> environment, int port)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(System.getProperty("it.serverJvm", "-Xmx3g").trim().split("\\s+")));
    command.add("-jar");
    command.add(System.getProperty("payara.microJar", "target/payara-micro.jar"));
    command.addAll(
        List.of(
            "--deploy",
            System.getProperty("tasklane.war", "target/tasklane.war"),
            "--contextroot",
            "/",
            "--port",
            String.valueOf(port),
            "--nocluster",
            "--prebootcommandfile",
            new File("server-config/pre-boot-commands.asadmin").getAbsolutePath(),
            "--systemproperties",
            new File("server-config/system.properties").getAbsolutePath()));
    return launch(name, new ProcessBuilder(command), environment, port);
  }

  private static PayaraProcess launch(
      String name, ProcessBuilder builder, Map<String, String> environment, int port)
      throws IOException {
    Path log = Path.of("target", "it-logs", name + ".log");
    Files.createDirectories(log.getParent());
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    // As server-config/run.sh: paced training threads sleep rather than spin between rounds.
    builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
    // "{port}" in a value stands for this server's own port (a client pointed at itself); a null
    // value unsets what the test run itself was given.
    environment.forEach(
        (key, value) -> {
          if (value == null) {
            builder.environment().remove(key);
          } else {
            builder.environment().put(key, value.replace("{port}", String.valueOf(port)));
          }
        });
    PayaraProcess server = new PayaraProcess(builder.start(), port, log);
    try {
      server.awaitReady(Duration.ofMinutes(3));
    } catch (NotReady e) {
      server.keepDiagnostics();
      server.stopQuietly();
      throw e;
    } catch (RuntimeException e) {
      // The caller never gets this server to close: stop it here rather than leave it running.
      server.stopQuietly();
      throw e;
    }
    return server;
  }

  /** The server started but its API did not answer in time. */
  static final class NotReady extends IllegalStateException {
    NotReady(String message) {
      super(message);
    }
  }

  /** Appends a thread dump to the log and keeps a copy of it beside the others. */
  private void keepDiagnostics() {
    try {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "Thread.print")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start()
          .waitFor(30, TimeUnit.SECONDS);
      String kept =
          log.getFileName()
              .toString()
              .replace(".log", "-not-ready-" + Instant.now().toEpochMilli() + ".log");
      Files.copy(log, log.resolveSibling(kept));
    } catch (IOException | RuntimeException e) {
      System.err.println("Could not keep diagnostics of a server that was not ready: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void stopQuietly() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public int port() {
    return port;
  }

  /** What the server has logged so far. */
  public String log() throws IOException {
    return new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** The server's process id (the JVM itself), for reading its threads and descriptors. */
  public long pid() {
    return process.pid();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port + "/";
  }

  /** kill -9: no shutdown hook, no graceful hand-back of running tasks. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("Server did not die");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Payara prints "ready" even when the application failed to deploy, so readiness is judged by an
   * application endpoint: the task list refusing an anonymous caller with 401.
   */
  private void awaitReady(Duration timeout) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try {
      Api.eventually("server on port " + port + " answering")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> refusesAnonymousCallers(client));
    } catch (ConditionTimeoutException e) {
      throw new NotReady("Server not ready within " + timeout + "; see " + log.toAbsolutePath());
    }
  }

  private boolean refusesAnonymousCallers(HttpClient client) throws InterruptedException {
    if (!process.isAlive()) {
      throw new IllegalStateException("Server exited during start; see " + log.toAbsolutePath());
    }
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(baseUrl() + "api/tasks"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 401;
    } catch (IOException e) {
      return false; // not listening yet
    }
  }

  /** A port free on this machine now (for a server whose address must be known before it runs). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
