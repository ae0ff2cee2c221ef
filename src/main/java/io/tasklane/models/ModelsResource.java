package io.tasklane.models;

import io.tasklane.system.ProblemException;
import io.tasklane.system.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/models}: the stored models with their metrics, for every signed-in user (models are
 * shared research results); the model bytes never leave the server.
 */
@Path("/models")
@RequestScoped
@RolesAllowed({Roles.ADMIN, Roles.USER})
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {
  @Inject TrainedModels models;

  public record ModelList(List<TrainedModel> models) {}

  @GET
  public ModelList list() {
    return new ModelList(models.list());
  }

  @GET
  @Path("{id}")
  public TrainedModel one(@PathParam("id") String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new ProblemException.NotFound("No model " + id + ".");
    }
    return models
        .find(uuid)
        .orElseThrow(() -> new ProblemException.NotFound("No model " + id + "."));
  }
}
