package io.tasklane.marketdata;

import io.tasklane.engines.Timeframe;
import io.tasklane.system.ProblemException;
import io.tasklane.system.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * {@code /api/market-data}: every signed-in user lists the stored series; only admins import,
 * because stored bars change every user's backtests.
 */
@Path("/market-data")
@RequestScoped
@RolesAllowed({Roles.ADMIN, Roles.USER})
@Produces(MediaType.APPLICATION_JSON)
public class MarketDataResource {
  private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");

  @Inject MarketData marketData;
  @Inject Clock clock;

  @Inject @ConfigProperties MarketDataConfig config;

  public record SeriesList(List<StoredSeries> series) {}

  @GET
  public SeriesList list() {
    return new SeriesList(marketData.list());
  }

  @GET
  @Path("{symbol}")
  public SeriesList ofSymbol(@PathParam("symbol") String symbol) {
    String wanted = symbol(symbol);
    List<StoredSeries> series =
        marketData.list().stream().filter(s -> s.symbol().equals(wanted)).toList();
    if (series.isEmpty()) {
      throw new ProblemException.NotFound("No stored market data for " + wanted + ".");
    }
    return new SeriesList(series);
  }

  /**
   * Imports a CSV of bars (see {@link CsvBars} for the format and the checks). The whole file is
   * checked before anything is stored. Bars more than {@code max_gap} bars away from a stored
   * series are refused unless {@code allow_gap}: a wrong symbol or timeframe looks just like that.
   */
  @POST
  @Path("{symbol}")
  @RolesAllowed(Roles.ADMIN)
  @Consumes({"text/csv", MediaType.TEXT_PLAIN})
  public ImportSummary importCsv(
      @PathParam("symbol") String symbol,
      @QueryParam("timeframe") @DefaultValue("1d") String timeframe,
      @QueryParam("max_gap") @DefaultValue("" + CsvBars.DEFAULT_MAX_GAP_BARS) int maxGap,
      @QueryParam("replace") @DefaultValue("false") boolean replace,
      @QueryParam("allow_gap") @DefaultValue("false") boolean allowGap,
      InputStream body) {
    String wanted = symbol(symbol);
    Timeframe frame;
    try {
      frame = Timeframe.fromCode(timeframe);
    } catch (IllegalArgumentException e) {
      throw new ProblemException.InvalidInput("timeframe: " + e.getMessage() + ".");
    }
    if (maxGap < 0) {
      throw new ProblemException.InvalidInput("max_gap: must be 0 or more.");
    }
    CsvBars.AcceptedTimes accepted =
        new CsvBars.AcceptedTimes(
            config.earliest.atStartOfDay(ZoneOffset.UTC).toEpochSecond(),
            clock.instant().plus(Duration.ofDays(config.maxDaysAhead)).getEpochSecond());
    return marketData.importBars(
        CsvBars.read(
            new InputStreamReader(body, StandardCharsets.UTF_8), wanted, frame, maxGap, accepted),
        "import",
        replace,
        allowGap ? Integer.MAX_VALUE : maxGap);
  }

  /** Deletes one stored series (admin only); 404 if there is none. */
  @DELETE
  @Path("{symbol}")
  @RolesAllowed(Roles.ADMIN)
  public StoredSeries delete(
      @PathParam("symbol") String symbol,
      @QueryParam("timeframe") @DefaultValue("1d") String timeframe) {
    String wanted = symbol(symbol);
    Timeframe frame;
    try {
      frame = Timeframe.fromCode(timeframe);
    } catch (IllegalArgumentException e) {
      throw new ProblemException.InvalidInput("timeframe: " + e.getMessage() + ".");
    }
    return marketData
        .delete(wanted, frame)
        .orElseThrow(
            () ->
                new ProblemException.NotFound(
                    "No stored " + frame.code() + " market data for " + wanted + "."));
  }

  private static String symbol(String symbol) {
    if (!SYMBOL.matcher(symbol).matches()) {
      throw new ProblemException.InvalidInput(
          "symbol: must be a symbol like BTC_USDT (letters, digits, '_', '.', '-'; at most 32).");
    }
    return symbol.toUpperCase(Locale.ROOT);
  }
}
