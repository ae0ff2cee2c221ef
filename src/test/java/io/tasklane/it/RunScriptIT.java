package io.tasklane.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.tasklane.client.TasklaneClient;
import io.tasklane.client.TasksApi;
import io.tasklane.support.Api;
import io.tasklane.support.Clients;
import io.tasklane.support.Deployments;
import io.tasklane.support.PayaraProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The product's run command, {@code server-config/run.sh} (what {@code mvn -Prun package} starts):
 * a first start records the class-data archive as it stops, the next maps it, and a restart from
 * the same Payara root deploys the application once and logs nothing to worry about.
 */
class RunScriptIT {
  static final String ADMIN_PASSWORD = "run-admin-secret";
  static final long MB = 1024 * 1024;

  @Test
  void a_restart_maps_the_archive_the_first_stop_recorded_and_starts_clean() throws Exception {
    assumeFalse(
        "postgresql".equals(System.getProperty("it.database")),
        "the run command's defaults are the embedded H2 database");
    Path dir = Path.of("target", "it-data", Deployments.unique("run-script")).toAbsolutePath();
    Path root = dir.resolve("payara-root");
    Path archive = root.resolve("tasklane.jsa");
    Map<String, String> environment =
        Map.of(
            "TASKLANE_DATA_DIR",
            dir.resolve("data").toString(),
            "TASKLANE_PAYARA_ROOT",
            root.toString(),
            "TASKLANE_ADMIN_PASSWORD",
            ADMIN_PASSWORD,
            // -Xshare:on: a JVM that cannot map its archive refuses to start instead of going on
            // without it. C1 only, as the other test servers, to spare the build machine.
            "TASKLANE_JVM_OPTIONS",
            "-Xshare:on -XX:TieredStopAtLevel=1");

    try (PayaraProcess first = PayaraProcess.startWithRunScript("run-script-first", environment)) {
      assertFalse(Files.exists(archive), "no archive before the first stop");
      assertEquals(List.of("-XX:ArchiveClassesAtExit=" + archive), archiveArguments(first.pid()));
    }
    assertTrue(Files.size(archive) > 10 * MB, () -> "an archive was recorded: " + archive);

    try (PayaraProcess second = PayaraProcess.startWithRunScript("run-script-second", environment);
        Clients clients = new Clients(second.baseUrl(), ADMIN_PASSWORD)) {
      assertEquals(List.of("-XX:SharedArchiveFile=" + archive), archiveArguments(second.pid()));
      Api.eventually("the start banner")
          .atMost(Duration.ofMinutes(1))
          .until(() -> second.log().contains("Tasklane is ready"));
      String log = second.log();
      assertEquals(
          1, occurrences(log, "Tasklane is ready"), "one deployment, none left from the first");
      assertFalse(log.contains("WARNING"), "no warning on an ordinary restart");
      assertFalse(log.contains("Exception"), "no stack trace");
      assertFalse(log.contains("SLF4J(W)"), "SLF4J has a provider");

      TasklaneClient admin = clients.admin();
      TasksApi.Accepted accepted =
          admin
              .tasks()
              .submit(
                  Clients.smallTask(
                      "backtest",
                      Clients.json(
                          "{'symbol':'BTC_USDT','start_date':'2024-01-01','end_date':'2024-12-31'}")));
      Clients.awaitStatus(admin, accepted.taskId(), "completed", Duration.ofMinutes(2));
    }
  }

  /** The archive options the server's JVM was started with. */
  private static List<String> archiveArguments(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(p -> p.info().arguments())
        .map(List::of)
        .orElseThrow(() -> new AssertionError("the server's arguments cannot be read here"))
        .stream()
        .filter(a -> a.startsWith("-XX:ArchiveClassesAtExit") || a.startsWith("-XX:SharedArchive"))
        .toList();
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      count++;
    }
    return count;
  }
}
