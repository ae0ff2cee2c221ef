package io.tasklane.client;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/**
 * {@code /api/sweeps}: parameter sweeps (one backtest per combination of a grid) and their ranked
 * results. A user sees their own sweeps, an admin all. Results filtered by metric bounds ({@code
 * <metric>_min}, {@code <metric>_max}) are read with {@link TasklaneClient#sweepResults}, as a Rest
 * Client interface cannot send query parameters whose names are data.
 */
@Path("/api/sweeps")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RegisterProvider(TasklaneJson.class)
@RegisterProvider(ProblemResponseMapper.class)
public interface SweepsApi {
  record Accepted(UUID sweepId, int combinations, String status, String message) {}

  /**
   * One combination's figures over the whole range; the {@code oos_score} to {@code folds} fields
   * only for a walk-forward sweep (null otherwise). A figure the run could not give is null.
   */
  record Result(
      int combination,
      String symbol,
      String timeframe,
      JsonObject params,
      Double totalReturn,
      Double cagr,
      Double annualisedVolatility,
      Double sharpeRatio,
      Double sortinoRatio,
      Double maxDrawdown,
      Double winRate,
      Double exposure,
      Integer tradeCount,
      Double finalEquity,
      Double totalCosts,
      Double oosScore,
      Double isScore,
      Double scoreGap,
      Boolean overfit,
      JsonArray folds) {}

  /**
   * A sweep and its progress; {@code definition} is what was asked (series, dates, grid,
   * constraints); {@code best} (by {@code ranked_by}, best first) only from {@code get} and {@code
   * cancel}, null in a list.
   */
  record Sweep(
      UUID sweepId,
      String userId,
      String status,
      String strategy,
      int combinations,
      long done,
      long failed,
      int progress,
      double elapsedSeconds,
      double throughputPerSecond,
      String rankBy,
      String rankedBy,
      boolean walkForward,
      JsonObject definition,
      Instant createdAt,
      Instant finishedAt,
      List<Result> best) {
    public boolean finished() {
      return !"running".equals(status);
    }
  }

  record SweepPage(List<Sweep> items, int page, int size, long total) {}

  record ResultPage(
      List<Result> items, int page, int size, long total, String sort, String order) {}

  /** A sweep definition as README's "Parameter sweeps" gives it; answers 202. */
  @POST
  Accepted submit(JsonObject definition);

  /** Newest first; {@code page} from 0, {@code size} 1 to 200. */
  @GET
  SweepPage list(
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size);

  @GET
  @Path("{id}")
  Sweep get(@PathParam("id") UUID id);

  /** Cancels every unfinished chunk; 409 once the sweep has ended. */
  @POST
  @Path("{id}/cancel")
  Sweep cancel(@PathParam("id") UUID id);

  /**
   * A page of results sorted by any metric ({@code sort}, null: the sweep's ranking; {@code order}
   * asc or desc, null: best first). {@code size} 1 to 1000.
   */
  @GET
  @Path("{id}/results")
  ResultPage results(
      @PathParam("id") UUID id,
      @QueryParam("sort") String sort,
      @QueryParam("order") String order,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size);

  /**
   * Every result as CSV (a header, then one line a combination) in the order asked. For a large
   * sweep, {@link TasklaneClient#exportSweepResults} streams it instead of holding it in memory.
   */
  @GET
  @Path("{id}/results")
  @Produces("text/csv")
  String resultsCsv(
      @PathParam("id") UUID id, @QueryParam("sort") String sort, @QueryParam("order") String order);
}
