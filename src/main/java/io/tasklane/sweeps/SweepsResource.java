package io.tasklane.sweeps;

import io.tasklane.security.Caller;
import io.tasklane.system.ProblemException;
import io.tasklane.system.Roles;
import io.tasklane.system.StrictQueryParameters;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;

/**
 * Submit, list, inspect and cancel parameter sweeps, and read their ranked results. A user sees
 * only their own sweeps; an admin sees all.
 */
@Path("/sweeps")
@RequestScoped
@RolesAllowed({Roles.ADMIN, Roles.USER})
@Produces(MediaType.APPLICATION_JSON)
public class SweepsResource {
  static final int MAX_SIZE = 1000;
  static final int MAX_PAGE = Integer.MAX_VALUE / MAX_SIZE - 1;

  /** Rows the CSV export reads per query. */
  static final int EXPORT_PAGE = 5000;

  private static final Set<String> RESULT_PARAMETERS = Set.of("sort", "order", "page", "size");
  private static final String CSV = "text/csv";

  @Inject SweepSubmission submission;
  @Inject SweepCommands commands;
  @Inject SweepStore sweeps;
  @Inject SweepResultStore results;
  @Inject SweepRanking ranking;
  @Inject Caller caller;
  @Inject Clock clock;

  @Inject @ConfigProperties SweepsConfig config;
  @Context UriInfo uri;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response submit(@NotNull(message = "a JSON body is required") JsonObject body) {
    Sweep sweep = submission.submit(body, caller.name(), caller.admin());
    return Response.accepted(
            Json.createObjectBuilder()
                .add("sweep_id", sweep.id().toString())
                .add("combinations", sweep.combinations())
                .add("status", sweep.status())
                .add("message", "Sweep queued. Follow it at GET /api/sweeps/" + sweep.id() + ".")
                .build())
        .location(uri.getBaseUriBuilder().path("sweeps").path(sweep.id().toString()).build())
        .build();
  }

  @GET
  public JsonObject list(
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size) {
    StrictQueryParameters.requireBetween("page", page, 0, MAX_PAGE);
    StrictQueryParameters.requireBetween("size", size, 1, 200);
    String owner = caller.admin() ? null : caller.name();
    JsonArrayBuilder items = Json.createArrayBuilder();
    Instant now = Instant.now(clock);
    for (Sweep sweep : sweeps.page(owner, page, size)) {
      long done = results.count(sweep.id(), List.of());
      items.add(SweepViews.sweep(sweep, done, failed(sweep, done), null, now));
    }
    return Json.createObjectBuilder()
        .add("items", items)
        .add("page", page)
        .add("size", size)
        .add("total", sweeps.count(owner))
        .build();
  }

  @GET
  @Path("{id}")
  public JsonObject get(@PathParam("id") UUID id) {
    Sweep sweep = commands.current(id, caller);
    return view(sweep);
  }

  @POST
  @Path("{id}/cancel")
  public JsonObject cancel(@PathParam("id") UUID id) {
    return view(commands.cancel(id, caller));
  }

  private JsonObject view(Sweep sweep) {
    long done = results.count(sweep.id(), List.of());
    return SweepViews.sweep(
        sweep, done, failed(sweep, done), ranking.best(sweep, config.top), Instant.now(clock));
  }

  /** Combinations without a result once the sweep ended other than by a cancel. */
  private static long failed(Sweep sweep, long done) {
    return sweep.status().equals(Sweep.COMPLETED) || sweep.status().equals(Sweep.FAILED)
        ? sweep.combinations() - done
        : 0;
  }

  /**
   * A page of results, sorted by any metric ({@code sort}, {@code order=asc|desc}; the sweep's
   * ranking by default) and filtered by {@code <metric>_min} / {@code <metric>_max}; with {@code
   * Accept: text/csv} every result within the filters, in that order.
   */
  // sort and order are read with the metric bounds from the query map (whose names are data), so
  // the document names them here; the bounds' names follow from the metrics, listed in README.
  @Parameters({
    @Parameter(
        name = "sort",
        in = ParameterIn.QUERY,
        description = "A metric; the sweep's ranking by default",
        schema = @Schema(type = SchemaType.STRING)),
    @Parameter(
        name = "order",
        in = ParameterIn.QUERY,
        description = "asc or desc; best first by default",
        schema = @Schema(type = SchemaType.STRING))
  })
  @GET
  @Path("{id}/results")
  @Produces({MediaType.APPLICATION_JSON, CSV})
  public Response results(
      @PathParam("id") UUID id,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size,
      @Context jakarta.ws.rs.core.HttpHeaders headers) {
    StrictQueryParameters.requireBetween("page", page, 0, MAX_PAGE);
    StrictQueryParameters.requireBetween("size", size, 1, MAX_SIZE);
    Sweep sweep = commands.visible(id, caller);
    var query = uri.getQueryParameters();
    List<SweepResultStore.Bound> bounds = new ArrayList<>();
    for (String name : query.keySet()) {
      if (RESULT_PARAMETERS.contains(name)) {
        continue;
      }
      boolean lower = name.endsWith("_min");
      if (!lower && !name.endsWith("_max")) {
        throw new ProblemException.InvalidInput(
            name
                + ": unknown query parameter; use sort, order, page, size, <metric>_min or <metric>_max.");
      }
      Metric metric = Metric.named(name.substring(0, name.length() - 4), name);
      bounds.add(new SweepResultStore.Bound(metric, lower, number(name, query.getFirst(name))));
    }
    String sortName = query.getFirst("sort");
    Metric sort =
        sortName == null ? SweepRanking.rankingColumn(sweep) : Metric.named(sortName, "sort");
    String order = query.getFirst("order");
    boolean ascending;
    if (order == null) {
      ascending = SweepRanking.ascending(sweep, sort);
    } else if (order.equals("asc") || order.equals("desc")) {
      ascending = order.equals("asc");
    } else {
      throw new ProblemException.InvalidInput("order: must be asc or desc.");
    }
    boolean csv =
        headers.getAcceptableMediaTypes().stream()
            .anyMatch(type -> type.isCompatible(MediaType.valueOf(CSV)) && !type.isWildcardType());
    if (csv) {
      return Response.ok(export(sweep, bounds, sort, ascending), CSV + "; charset=utf-8")
          .header("Content-Disposition", "attachment; filename=\"sweep-" + sweep.id() + ".csv\"")
          .build();
    }
    JsonArrayBuilder items = Json.createArrayBuilder();
    results
        .page(sweep.id(), bounds, sort, ascending, (long) page * size, size)
        .forEach(row -> items.add(SweepViews.result(row)));
    return Response.ok(
            Json.createObjectBuilder()
                .add("items", items)
                .add("page", page)
                .add("size", size)
                .add("total", results.count(sweep.id(), bounds))
                .add("sort", sort.wireName())
                .add("order", ascending ? "asc" : "desc")
                .build(),
            MediaType.APPLICATION_JSON)
        .build();
  }

  private StreamingOutput export(
      Sweep sweep, List<SweepResultStore.Bound> bounds, Metric sort, boolean ascending) {
    // Every row names the same parameters; the first one's give the columns.
    List<String> parameters =
        results.page(sweep.id(), List.of(), null, true, 0, 1).stream()
            .findFirst()
            .map(row -> List.copyOf(SweepViews.parse(row.params()).keySet()))
            .orElse(List.of());
    return output -> {
      Writer writer = new OutputStreamWriter(output, StandardCharsets.UTF_8);
      writer.write(SweepViews.csvHeader(parameters, sweep.walkForward()));
      for (long offset = 0; ; offset += EXPORT_PAGE) {
        List<SweepResult> rows =
            results.page(sweep.id(), bounds, sort, ascending, offset, EXPORT_PAGE);
        for (SweepResult row : rows) {
          writer.write(SweepViews.csvLine(row, parameters, sweep.walkForward()));
        }
        if (rows.size() < EXPORT_PAGE) {
          break;
        }
      }
      writer.flush();
    };
  }

  private static double number(String name, String text) {
    try {
      double value = Double.parseDouble(text);
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // refused below
    }
    throw new ProblemException.InvalidInput(name + ": must be a number.");
  }
}
