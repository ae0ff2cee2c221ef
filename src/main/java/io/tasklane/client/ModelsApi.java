package io.tasklane.client;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/** {@code /api/models}: the trained models the caller may see, with their metrics. */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RegisterProvider(TasklaneJson.class)
@RegisterProvider(ProblemResponseMapper.class)
public interface ModelsApi {
  record Model(
      UUID id,
      String name,
      int version,
      String symbol,
      String timeframe,
      String algorithm,
      List<String> features,
      JsonObject hyperparameters,
      JsonObject metrics,
      Instant trainStart,
      Instant trainEnd,
      Instant testStart,
      Instant testEnd,
      int trainRows,
      int testRows,
      UUID taskId,
      String createdBy,
      Instant createdAt,
      boolean shared) {}

  record ModelList(List<Model> models) {}

  record ShareChange(boolean shared) {}

  @GET
  ModelList list();

  @GET
  @Path("{id}")
  Model get(@PathParam("id") UUID id);

  /** Admin: {@code shared} lets every user see and use the model. */
  @PATCH
  @Path("{id}")
  Model share(@PathParam("id") UUID id, ShareChange change);
}
