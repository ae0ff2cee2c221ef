package io.tasklane.pipelines;

import io.tasklane.tasks.TaskHandlers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Accepts a pipeline: checks its graph, stores it with every step pending, and (after that commits)
 * releases the steps that depend on nothing. A 202 means the pipeline is in the database; should
 * this instance die before releasing them, any instance's sweep does.
 */
@ApplicationScoped
public class PipelineSubmission {
  @Inject PipelineStore pipelines;
  @Inject PipelineAdvance advance;
  @Inject TaskHandlers handlers;
  @Inject Clock clock;

  public UUID submit(JsonObject body, String userId) {
    JsonObject definition = body.containsKey("template") ? PipelineTemplates.expand(body) : body;
    UUID id = store(PipelineDefinition.parse(definition, handlers.types()), userId);
    advance.advance(id);
    return id;
  }

  /** Pipeline and steps in one transaction ({@link PipelineStore#add}). */
  private UUID store(PipelineDefinition definition, String userId) {
    Pipeline pipeline =
        new Pipeline(UUID.randomUUID(), userId, definition.name(), Instant.now(clock));
    List<PipelineStep> steps = new ArrayList<>();
    for (PipelineDefinition.Step step : definition.steps()) {
      steps.add(new PipelineStep(pipeline.id(), steps.size(), step));
    }
    pipelines.add(pipeline, steps);
    return pipeline.id();
  }
}
