package io.tasklane.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.client.SweepsApi;
import io.tasklane.client.TaskEvent;
import io.tasklane.client.TasklaneJson;
import io.tasklane.engines.RunMetrics;
import io.tasklane.events.WireEvents;
import jakarta.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Java client reads the sweep JSON the server writes (its own view code) into its records. */
class SweepJsonInTheClientTest {
  static final UUID ID = UUID.fromString("0b3f7c1e-9a2d-4c55-8e61-2f4a5b6c7d8e");
  static final Instant CREATED = Instant.parse("2026-03-01T10:00:00Z");

  static SweepResult plain(int combination, Double sharpe) {
    return new SweepResult(
        combination,
        "BTC_USDT",
        "1d",
        "{\"fast_period\":5,\"slow_period\":30}",
        new RunMetrics(0.25, 0.02, 0.18, sharpe, null, 0.12, 0.5, 0.4, 17, 12500.0, 31.5),
        null,
        null,
        null,
        null,
        null);
  }

  static Sweep sweep(boolean walkForward, Instant finished) {
    return new Sweep(
        ID,
        "alice",
        finished == null ? Sweep.RUNNING : Sweep.COMPLETED,
        "sma_crossover",
        "{\"symbols\":[\"BTC_USDT\"],\"grid\":{\"fast_period\":[5]}}",
        20,
        "sharpe_ratio",
        walkForward,
        CREATED,
        finished);
  }

  @Test
  void a_finished_sweep_with_its_best_results_reads_into_the_client_record() {
    String json =
        SweepViews.sweep(
                sweep(false, CREATED.plusSeconds(8)),
                20,
                0,
                List.of(plain(3, 1.4), plain(7, null)),
                Instant.now())
            .toString();

    SweepsApi.Sweep read = TasklaneJson.jsonb().fromJson(json, SweepsApi.Sweep.class);

    assertEquals(ID, read.sweepId());
    assertEquals("alice", read.userId());
    assertEquals("completed", read.status());
    assertTrue(read.finished());
    assertEquals(20, read.combinations());
    assertEquals(20, read.done());
    assertEquals(100, read.progress());
    assertEquals(8.0, read.elapsedSeconds());
    assertEquals(2.5, read.throughputPerSecond());
    assertEquals("sharpe_ratio", read.rankBy());
    assertEquals("sharpe_ratio", read.rankedBy());
    assertFalse(read.walkForward());
    assertEquals("BTC_USDT", read.definition().getJsonArray("symbols").getString(0));
    assertEquals(CREATED, read.createdAt());
    assertEquals(CREATED.plusSeconds(8), read.finishedAt());
    assertEquals(2, read.best().size());
    SweepsApi.Result best = read.best().get(0);
    assertEquals(3, best.combination());
    assertEquals("1d", best.timeframe());
    assertEquals(5, best.params().getInt("fast_period"));
    assertEquals(0.25, best.totalReturn());
    assertEquals(0.18, best.annualisedVolatility());
    assertEquals(1.4, best.sharpeRatio());
    assertNull(best.sortinoRatio());
    assertEquals(17, best.tradeCount());
    assertEquals(31.5, best.totalCosts());
    assertNull(best.oosScore());
    assertNull(best.folds());
    assertNull(read.best().get(1).sharpeRatio());
  }

  @Test
  void a_running_sweep_in_a_list_has_no_end_and_no_best_results() {
    String json = SweepViews.sweep(sweep(false, null), 5, 0, null, Instant.now()).toString();

    SweepsApi.Sweep read = TasklaneJson.jsonb().fromJson(json, SweepsApi.Sweep.class);

    assertEquals("running", read.status());
    assertFalse(read.finished());
    assertEquals(25, read.progress());
    assertNull(read.finishedAt());
    assertNull(read.best());
  }

  @Test
  void a_walk_forward_result_reads_its_scores_the_overfit_flag_and_its_folds() {
    SweepResult row =
        new SweepResult(
            4,
            "ETH_USDT",
            "1h",
            "{\"fast_period\":10}",
            new RunMetrics(0.1, null, null, 0.9, 1.1, 0.2, null, 0.3, 4, 11000.0, 2.0),
            0.4,
            1.2,
            0.8,
            true,
            "[{\"fold\":0,\"oos_sharpe_ratio\":0.4},{\"fold\":1,\"oos_sharpe_ratio\":0.5}]");

    SweepsApi.Result read =
        TasklaneJson.jsonb().fromJson(SweepViews.result(row).toString(), SweepsApi.Result.class);

    assertEquals(0.4, read.oosScore());
    assertEquals(1.2, read.isScore());
    assertEquals(0.8, read.scoreGap());
    assertEquals(Boolean.TRUE, read.overfit());
    assertEquals(2, read.folds().size());
    assertEquals(
        0.5, read.folds().getJsonObject(1).getJsonNumber("oos_sharpe_ratio").doubleValue());
    assertNull(read.cagr());
    assertEquals(1.1, read.sortinoRatio());
  }

  @Test
  void the_sweep_events_arrive_typed_with_their_best_results() {
    Instant at = Instant.parse("2026-03-01T10:00:05Z");
    String progress = WireEvents.of(new SweepEvent.Progressed(ID, "alice", 20, 5, at));
    String completed =
        WireEvents.of(
            new SweepEvent.Completed(
                ID,
                "alice",
                "completed",
                20,
                20,
                "sharpe_ratio",
                Json.createArrayBuilder().add(SweepViews.result(plain(3, 1.4))).build(),
                at));

    TaskEvent.SweepProgress progressed =
        assertInstanceOf(TaskEvent.SweepProgress.class, TaskEvent.decode("41", progress));
    TaskEvent.SweepCompleted ended =
        assertInstanceOf(TaskEvent.SweepCompleted.class, TaskEvent.decode("42", completed));

    assertEquals(41L, progressed.id());
    assertEquals(at, progressed.timestamp());
    assertEquals(ID, progressed.sweepId());
    assertEquals("alice", progressed.userId());
    assertEquals(20, progressed.combinations());
    assertEquals(5, progressed.done());
    assertEquals(25, progressed.progress());
    assertEquals("completed", ended.status());
    assertEquals(20, ended.done());
    assertEquals(100, ended.progress());
    assertEquals("sharpe_ratio", ended.rankBy());
    assertEquals(1, ended.top().size());
    assertEquals(3, ended.top().get(0).combination());
    assertEquals(1.4, ended.top().get(0).sharpeRatio());
  }
}
