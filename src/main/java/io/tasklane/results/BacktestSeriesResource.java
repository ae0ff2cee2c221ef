package io.tasklane.results;

import io.tasklane.engines.BacktestReplay;
import io.tasklane.engines.BacktestSeries;
import io.tasklane.security.Caller;
import io.tasklane.system.Roles;
import io.tasklane.tasks.TaskCommands;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Every bar of a completed backtest, as JSON (the default) or CSV. Streamed, so a long run is
 * written as it is formatted rather than built in memory first.
 */
@Path("/tasks/{id}/series")
@RequestScoped
@RolesAllowed({Roles.ADMIN, Roles.USER})
public class BacktestSeriesResource {
  static final String CSV = "text/csv";

  @Inject TaskCommands commands;
  @Inject BacktestReplay replay;
  @Inject Caller caller;

  // qs makes JSON the answer when the client accepts both, or sends no Accept at all.
  @GET
  @Produces(MediaType.APPLICATION_JSON + ";qs=1")
  public Response json(@PathParam("id") UUID id) {
    BacktestSeries series = replay.seriesOf(commands.visible(id, caller));
    return stream(series, MediaType.APPLICATION_JSON_TYPE, false);
  }

  @GET
  @Produces(CSV + ";qs=0.5")
  public Response csv(@PathParam("id") UUID id) {
    BacktestSeries series = replay.seriesOf(commands.visible(id, caller));
    return stream(series, MediaType.valueOf(CSV + ";charset=utf-8"), true);
  }

  private static Response stream(BacktestSeries series, MediaType type, boolean csv) {
    StreamingOutput body =
        output -> {
          Writer writer =
              new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 1 << 16);
          if (csv) {
            series.writeCsv(writer);
          } else {
            series.writeJson(writer);
          }
          writer.flush();
        };
    return Response.ok(body, type).build();
  }
}
