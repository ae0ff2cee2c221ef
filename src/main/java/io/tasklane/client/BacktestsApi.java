package io.tasklane.client;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/** The seed's shortcut: a backtest's parameters as the body, a {@code backtest} task as result. */
@Path("/api/backtests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RegisterProvider(TasklaneJson.class)
@RegisterProvider(ProblemResponseMapper.class)
public interface BacktestsApi {
  /** {@code backtestId} is the task's id. */
  record Started(String status, UUID backtestId, String message) {}

  @POST
  @Path("run")
  Started run(JsonObject parameters);
}
