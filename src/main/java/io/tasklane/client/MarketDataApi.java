package io.tasklane.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/** {@code /api/market-data}: the stored bar series; admins import CSV files of bars. */
@Path("/api/market-data")
@Produces(MediaType.APPLICATION_JSON)
@RegisterProvider(TasklaneJson.class)
@RegisterProvider(ProblemResponseMapper.class)
public interface MarketDataApi {
  record Series(
      String symbol,
      String timeframe,
      Instant firstBar,
      Instant lastBar,
      long barCount,
      String source,
      Instant updatedAt) {}

  record SeriesList(List<Series> series) {}

  record ImportSummary(
      String symbol,
      String timeframe,
      int received,
      int inserted,
      int unchanged,
      int replaced,
      Series series) {}

  @GET
  SeriesList list();

  /** Admin only: deletes the stored series of {@code symbol} at {@code timeframe} (1d if null). */
  @DELETE
  @Path("{symbol}")
  Series delete(@PathParam("symbol") String symbol, @QueryParam("timeframe") String timeframe);

  /** 404 when nothing is stored for the symbol. */
  @GET
  @Path("{symbol}")
  SeriesList ofSymbol(@PathParam("symbol") String symbol);

  /**
   * Admin: imports a CSV with a header row. Null query values are not sent (the server's defaults:
   * {@code 1d}, 4, false, false).
   */
  @POST
  @Path("{symbol}")
  @Consumes("text/csv")
  ImportSummary importCsv(
      @PathParam("symbol") String symbol,
      @QueryParam("timeframe") String timeframe,
      @QueryParam("max_gap") Integer maxGap,
      @QueryParam("replace") Boolean replace,
      @QueryParam("allow_gap") Boolean allowGap,
      String csv);
}
