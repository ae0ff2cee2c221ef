package io.tasklane.engines;

import io.tasklane.system.ProblemException;
import io.tasklane.tasks.Task;
import io.tasklane.tasks.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;

/**
 * The full series of a finished backtest, recomputed from its stored parameters rather than stored:
 * a run can have 20 million bars, and the result keeps a 500-point preview. The replay is trusted
 * only if it ends on the stored final equity; stored bars re-imported since would give other rows.
 */
@ApplicationScoped
public class BacktestReplay {
  @Inject BacktestHandler handler;

  /**
   * @throws ProblemException.Conflict if the task is not a completed backtest, or its data changed
   */
  public BacktestSeries seriesOf(Task task) {
    if (!task.taskType().equals(handler.taskType())
        || task.status() != TaskStatus.COMPLETED
        || task.resultJson() == null) {
      throw new ProblemException.Conflict(
          "Task "
              + task.id()
              + " has no series: only a completed backtest has one, and this is a "
              + task.status().wireName()
              + " "
              + task.taskType()
              + " task.");
    }
    JsonObject stored = json(task.resultJson());
    BacktestSeries series;
    try {
      series = handler.replay(json(task.parametersJson()), task.userId());
    } catch (IllegalArgumentException e) {
      throw changed(task, e.getMessage());
    }
    long bars = stored.getJsonNumber("bars").longValue();
    double finalEquity = stored.getJsonNumber("final_equity").doubleValue();
    double replayed = Math.round(series.result().finalEquity() * 100) / 100.0;
    if (series.size() != bars || Math.abs(replayed - finalEquity) > 0.005) {
      throw changed(
          task,
          "the run had "
              + bars
              + " bars ending at "
              + finalEquity
              + ", the replay "
              + series.size()
              + " ending at "
              + replayed
              + ".");
    }
    return series;
  }

  private static ProblemException changed(Task task, String why) {
    return new ProblemException.Conflict(
        "The data changed since the run of task "
            + task.id()
            + ", so its series cannot be recomputed: "
            + why
            + " Submit the backtest again for the current data.");
  }

  private static JsonObject json(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }
}
