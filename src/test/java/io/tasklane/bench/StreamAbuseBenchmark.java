package io.tasklane.bench;

import io.tasklane.support.Api;
import io.tasklane.support.RawHttp;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The event stream under the attacks of issue 18 (H2): a storm of {@code HEAD}s, then thousands of
 * streams opened and abandoned (half reset, half closed in order, which the server is not told of
 * until it writes). Prints open streams, file descriptors and threads of the server process at its
 * baseline, after each attack, and how long the abandoned streams took to be dropped.
 *
 * <p>Arguments: base URL, admin password, server pid, HEAD count, abandoned count.
 */
public final class StreamAbuseBenchmark {
  private static final String STREAM = "api/system/task-events";

  private StreamAbuseBenchmark() {}

  public static void main(String[] args) throws Exception {
    String base = args[0];
    Api admin = Api.anonymous(base).as("admin", args[1]);
    long pid = Long.parseLong(args[2]);
    int heads = Integer.parseInt(args[3]);
    int abandoned = Integer.parseInt(args[4]);
    admin.post(
        "api/admin/users",
        "{\"username\":\"mallory\",\"password\":\"mallory-password\",\"roles\":[\"user\"]}");
    Api mallory = Api.anonymous(base).as("mallory", "mallory-password");
    print("baseline", admin, pid);

    Instant start = Instant.now();
    Map<String, String> auth = Map.of("Authorization", "Bearer " + mallory.token());
    ExecutorService clients = Executors.newFixedThreadPool(8);
    int ok = 0;
    try {
      List<Future<RawHttp.Answer>> answers = new ArrayList<>();
      for (int i = 0; i < heads; i++) {
        answers.add(clients.submit(() -> RawHttp.request(base, "HEAD", STREAM, auth)));
      }
      for (Future<RawHttp.Answer> answer : answers) {
        ok += answer.get().status() == 200 ? 1 : 0;
      }
    } finally {
      clients.shutdownNow();
    }
    System.out.printf(
        "%d HEADs in %d ms, %d answered 200%n",
        heads, Duration.between(start, Instant.now()).toMillis(), ok);
    settle();
    print("after the HEADs", admin, pid);

    String token = mallory.token();
    int port = java.net.URI.create(base).getPort();
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < abandoned; i++) {
      sockets.add(RawHttp.eventStream(port, STREAM, token));
    }
    print("with " + abandoned + " streams open", admin, pid);
    for (int i = 0; i < sockets.size(); i++) {
      Socket socket = sockets.get(i);
      if (i % 2 == 0) {
        socket.setSoLinger(true, 0); // a reset, as from a client that died
      }
      socket.close();
    }
    Instant left = Instant.now();
    while (openStreams(admin) > 0 && Duration.between(left, Instant.now()).toSeconds() < 60) {
      Thread.sleep(50);
    }
    System.out.printf(
        "%d abandoned streams dropped after %d ms (heartbeat 5 s)%n",
        abandoned, Duration.between(left, Instant.now()).toMillis());
    settle();
    print("after the abandoned streams", admin, pid);
  }

  /** Closed sockets leave the descriptor table and idle threads end within seconds. */
  private static void settle() throws InterruptedException {
    Thread.sleep(10_000);
  }

  private static void print(String when, Api admin, long pid) throws Exception {
    long fds;
    try (var list = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      fds = list.count();
    }
    String threads =
        Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
            .filter(l -> l.startsWith("Threads:"))
            .map(l -> l.substring(8).trim())
            .findFirst()
            .orElse("?");
    System.out.printf(
        "%-32s open streams %5d, file descriptors %5d, threads %s%n",
        when + ":", openStreams(admin), fds, threads);
  }

  private static int openStreams(Api admin) {
    return admin.get(STREAM + "/stats").json().getInt("open_connections");
  }
}
