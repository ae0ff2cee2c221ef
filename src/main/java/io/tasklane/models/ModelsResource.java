package io.tasklane.models;

import io.tasklane.security.Caller;
import io.tasklane.system.ProblemException;
import io.tasklane.system.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/models}: the stored models with their metrics. A model belongs to the user who
 * trained it; an admin may share it with every user, and sees all. The model bytes never leave the
 * server.
 */
@Path("/models")
@RequestScoped
@RolesAllowed({Roles.ADMIN, Roles.USER})
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {
  @Inject TrainedModels models;
  @Inject Caller caller;

  public record ModelList(List<TrainedModel> models) {}

  /** {@code PATCH} body: whether every user may see and use the model. */
  public static class ShareChange {
    @NotNull(message = "is required")
    public Boolean shared;
  }

  @GET
  public ModelList list() {
    return new ModelList(models.list(viewer()));
  }

  @GET
  @Path("{id}")
  public TrainedModel one(@PathParam("id") String id) {
    return models.find(uuid(id)).filter(viewer()::sees).orElseThrow(() -> notFound(id));
  }

  @PATCH
  @Path("{id}")
  @RolesAllowed(Roles.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  public TrainedModel share(
      @PathParam("id") String id,
      @NotNull(message = "a JSON body is required") @Valid ShareChange change) {
    return models.share(uuid(id), change.shared).orElseThrow(() -> notFound(id));
  }

  private ModelViewer viewer() {
    return new ModelViewer(caller.name(), caller.admin());
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw notFound(id);
    }
  }

  private static ProblemException notFound(String id) {
    return new ProblemException.NotFound("No model " + id + ".");
  }
}
