package io.tasklane.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/**
 * README's "Java client" example, verbatim: sign in, submit a backtest, wait for its completion on
 * the event stream, read the result. {@code TaskApiIT} runs it against a real server.
 */
public final class ReadmeExample {
  private ReadmeExample() {}

  public static void main(String[] args) throws Exception {
    run(URI.create(args[0]), args[1], args[2]);
  }

  // README: from here
  public static TaskView run(URI server, String username, String password) throws Exception {
    try (TasklaneClient tasklane = TasklaneClient.signIn(server, username, password)) {
      JsonObject parameters =
          Json.createObjectBuilder()
              .add("symbol", "BTC_USDT")
              .add("start_date", "2024-01-01")
              .add("end_date", "2024-12-31")
              .build();
      UUID id = tasklane.tasks().submit(TasksApi.SubmitTask.of("backtest", parameters)).taskId();

      TaskView done = tasklane.awaitCompletion(id, Duration.ofMinutes(5));

      System.out.printf(
          "%s: total return %s, Sharpe ratio %s%n",
          done.status(), done.result().get("total_return"), done.result().get("sharpe_ratio"));
      return done;
    }
  }
  // README: to here
}
